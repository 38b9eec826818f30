"""docker-compose.yml and the Dockerfile, checked by reading them (no Docker engine here)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_runs_the_bot_after_a_healthy_postgres() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    db, bot = compose["services"]["db"], compose["services"]["bot"]
    assert db["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert bot["env_file"] == ".env"
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql://")
    assert "@db:5432/" in bot["environment"]["DATABASE_URL"]
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]  # a named volume, so data survives the container
    assert "/healthz" in " ".join(bot["healthcheck"]["test"])


def test_dockerfile_runs_as_non_root_and_ships_the_data() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "\nUSER paperclub" in dockerfile
    assert "COPY data ./data" in dockerfile and "COPY config ./config" in dockerfile
    assert 'CMD ["paperclub", "run"]' in dockerfile


def test_env_example_names_every_secret_without_values() -> None:
    example = (ROOT / "config" / ".env.example").read_text()
    for name in ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        line = next(line for line in example.splitlines() if name in line)
        assert line.lstrip("# ").split("=", 1)[1].split("#")[0].strip() in {
            "",
            "xoxb-...",
            "xapp-...",
        }


def test_an_optional_model_server_runs_beside_the_bot_only_on_request() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    model, pull, bot = services["model"], services["model-pull"], services["bot"]
    # Only with `docker compose --profile llm`: a plain `up` runs the bot and its database.
    assert model["profiles"] == ["llm"] and pull["profiles"] == ["llm"]
    assert "profiles" not in bot and "profiles" not in services["db"]
    assert "model" not in (bot.get("depends_on") or {})  # the bot never waits for a model
    assert model["image"].startswith("ollama/ollama")
    assert model["volumes"][0].split(":")[0] in compose["volumes"]  # pulled models persist
    assert pull["depends_on"]["model"]["condition"] == "service_healthy"
    assert pull["environment"]["OLLAMA_HOST"] == "http://model:11434"
    assert pull["entrypoint"][:2] == ["ollama", "pull"]
    # The address the bot is told to use is the one the model service listens on.
    example = (ROOT / "config" / ".env.example").read_text()
    assert "PAPERCLUB_LLM_BASE_URL=http://model:11434/v1" in example
    readme = (ROOT / "README.md").read_text()
    for server in ("Ollama", "llama.cpp", "vLLM", "OpenAI"):
        assert server in readme
