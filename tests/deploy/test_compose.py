"""docker-compose.yml and the Dockerfile, checked by reading them (no Docker engine here).

The compose file is interpolated the way Compose does it (`${VAR}`, `${VAR:-default}`,
`${VAR:?error}`), and the bot's environment from it is fed to the real Settings, so "the
published ports match the settings" compares the ports with what the bot will actually open.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
VARIABLE = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


class Unset(Exception):
    """A `${VAR:?message}` whose variable is not set: Compose refuses to start."""


def interpolate(text: str, env: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        name, op, arg = match["name"], match["op"], match["arg"] or ""
        value = env.get(name)
        missing = value is None or (value == "" and op is not None and op.startswith(":"))
        if not missing:
            return str(value)
        if op in (":?", "?"):
            raise Unset(f"{name}: {arg}")
        return arg if op in (":-", "-") else ""

    return VARIABLE.sub(one, text.replace("$$", "\0")).replace("\0", "$")


def compose(env: dict[str, str]) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(
        interpolate((ROOT / "docker-compose.yml").read_text(), env)
    )
    return loaded


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the final stage, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines()]
    instructions = [tuple(line.split(None, 1)) for line in lines if line and line[0] != "#"]
    last_from = max(i for i, (word, *_) in enumerate(instructions) if word.upper() == "FROM")
    return [(word.upper(), rest) for word, rest in instructions[last_from:]]


def image_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for word, rest in dockerfile():
        if word == "ENV":
            for part in shlex.split(rest):
                name, _, value = part.partition("=")
                env[name] = value
    return env


def settings_in(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings()


SECRET = {"POSTGRES_PASSWORD": "s3cret-from-the-operator"}


def test_compose_runs_the_bot_after_a_healthy_postgres() -> None:
    services = compose(SECRET)["services"]
    db, bot = services["db"], services["bot"]
    assert db["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql://")
    assert "@db:5432/" in bot["environment"]["DATABASE_URL"]
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose(SECRET)["volumes"]  # a named volume, so data survives the container


def test_compose_runs_without_an_env_file() -> None:
    env_files = compose(SECRET)["services"]["bot"].get("env_file", [])
    assert all(isinstance(entry, dict) and entry["required"] is False for entry in env_files)


def test_the_database_password_has_no_default() -> None:
    with pytest.raises(Unset, match="POSTGRES_PASSWORD"):
        compose({})
    with pytest.raises(Unset, match="POSTGRES_PASSWORD"):
        compose({"POSTGRES_PASSWORD": ""})
    services = compose(SECRET)["services"]
    assert services["db"]["environment"]["POSTGRES_PASSWORD"] == SECRET["POSTGRES_PASSWORD"]
    # The bot reaches the database with that same password and no other.
    bot_env = services["bot"]["environment"]
    assert bot_env["PGPASSWORD"] == SECRET["POSTGRES_PASSWORD"]
    assert ":" not in bot_env["DATABASE_URL"].split("//", 1)[1].split("@", 1)[0]


def _published(bot: dict[str, Any]) -> dict[int, tuple[str, int]]:
    """container port -> (host address, host port)."""
    published: dict[int, tuple[str, int]] = {}
    for entry in bot["ports"]:
        parts = str(entry).split(":")
        host_ip = parts[0] if len(parts) == 3 else "0.0.0.0"
        published[int(parts[-1])] = (host_ip, int(parts[-2]))
    return published


def test_published_ports_are_the_ports_the_bot_opens(monkeypatch: pytest.MonkeyPatch) -> None:
    bot = compose(SECRET)["services"]["bot"]
    settings = settings_in({**image_env(), **bot["environment"]}, monkeypatch)
    published = _published(bot)
    assert set(published) == {settings.http_port, settings.metrics_port}
    # Inside the container the bot must listen on every interface, or nothing gets in.
    assert settings.http_host == settings.metrics_host == "0.0.0.0"
    # Slack's HTTP mode and OAuth pages, the calendar feeds and /healthz: reachable.
    assert published[settings.http_port][0] == "0.0.0.0"


def test_metrics_are_published_on_the_hosts_loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    bot = compose(SECRET)["services"]["bot"]
    settings = settings_in({**image_env(), **bot["environment"]}, monkeypatch)
    host_ip, _ = _published(bot)[settings.metrics_port]
    assert host_ip == "127.0.0.1"
    assert settings.metrics_port != settings.http_port


def test_slacks_http_endpoints_are_on_the_published_port(monkeypatch: pytest.MonkeyPatch) -> None:
    """One port: Slack HTTP mode and OAuth have no port of their own to forget to publish."""
    assert "slack_http_port" not in Settings.model_fields
    bot = compose(SECRET)["services"]["bot"]
    settings = settings_in({**image_env(), **bot["environment"]}, monkeypatch)
    assert settings.http_port in _published(bot)


def test_dockerfile_runs_as_non_root_and_ships_the_data() -> None:
    steps = dockerfile()
    assert ("USER", "paperclub") in steps
    assert ("COPY", "data ./data") in steps and ("COPY", "config ./config") in steps
    assert steps[-1] == ("CMD", '["paperclub", "run"]')


def test_dockerfile_keeps_the_sqlite_default_in_a_volume(monkeypatch: pytest.MonkeyPatch) -> None:
    volumes = [
        path for word, rest in dockerfile() if word == "VOLUME" for path in yaml.safe_load(rest)
    ]
    settings = settings_in(image_env(), monkeypatch)
    database = settings.database_url.removeprefix("sqlite:///")
    assert settings.database_url.startswith("sqlite:///")
    assert any(Path(database).is_relative_to(volume) for volume in volumes)


def test_dockerfile_has_a_healthcheck_on_the_http_port(monkeypatch: pytest.MonkeyPatch) -> None:
    checks = [rest for word, rest in dockerfile() if word == "HEALTHCHECK"]
    assert len(checks) == 1
    assert "/healthz" in checks[0] and "CMD" in checks[0]
    settings = settings_in(image_env(), monkeypatch)
    assert "PAPERCLUB_HTTP_PORT" in checks[0] and settings.http_port == 8080
    exposed = {
        int(port) for word, rest in dockerfile() if word == "EXPOSE" for port in rest.split()
    }
    assert exposed == {settings.http_port, settings.metrics_port}


def test_the_image_installs_the_locked_hashed_dependencies() -> None:
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    installs = [line for line in text.splitlines() if "pip install" in line]
    assert any(
        "--require-hashes" in line and "requirements/runtime.lock" in line for line in installs
    )
    # paperclub itself goes in without resolving its dependencies again.
    assert all("--require-hashes" in line or "--no-deps" in line for line in installs)


def test_env_example_names_every_secret_without_values() -> None:
    example = (ROOT / "config" / ".env.example").read_text()
    for name in ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        line = next(line for line in example.splitlines() if name in line)
        assert line.lstrip("# ").split("=", 1)[1].split("#")[0].strip() in {
            "",
            "xoxb-...",
            "xapp-...",
        }
    line = next(line for line in example.splitlines() if "POSTGRES_PASSWORD" in line)
    assert line.lstrip("# ").split("=", 1)[1].split("#")[0].strip() == ""


def test_an_optional_model_server_runs_beside_the_bot_only_on_request() -> None:
    compose_file = compose(SECRET)
    services = compose_file["services"]
    model, pull, bot = services["model"], services["model-pull"], services["bot"]
    # Only with `docker compose --profile llm`: a plain `up` runs the bot and its database.
    assert model["profiles"] == ["llm"] and pull["profiles"] == ["llm"]
    assert "profiles" not in bot and "profiles" not in services["db"]
    assert "model" not in (bot.get("depends_on") or {})  # the bot never waits for a model
    assert model["image"].startswith("ollama/ollama")
    assert model["volumes"][0].split(":")[0] in compose_file["volumes"]  # pulled models persist
    assert pull["depends_on"]["model"]["condition"] == "service_healthy"
    assert pull["environment"]["OLLAMA_HOST"] == "http://model:11434"
    assert pull["entrypoint"][:2] == ["ollama", "pull"]
    # The address the bot is told to use is the one the model service listens on.
    example = (ROOT / "config" / ".env.example").read_text()
    assert "PAPERCLUB_LLM_BASE_URL=http://model:11434/v1" in example
    readme = (ROOT / "README.md").read_text()
    for server in ("Ollama", "llama.cpp", "vLLM", "OpenAI"):
        assert server in readme
