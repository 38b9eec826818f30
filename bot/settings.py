"""Configuration: config/paperclub.toml for defaults, the environment for overrides and secrets.

The standard names (DATABASE_URL, DISCORD_TOKEN, SLACK_BOT_TOKEN, SLACK_APP_TOKEN,
SLACK_SIGNING_SECRET, …) are read as they are; everything else takes a PAPERCLUB_ prefix.
"""

from __future__ import annotations

import json
import os
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal

from platformdirs import user_data_path
from pydantic import (
    AliasChoices,
    BaseModel,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from bot.adapters.slack.scopes import bot_scopes
from bot.core.domain.clubs import ClubSettings
from bot.core.planning.calendar import parse_local_time, parse_weekday, zone_or_error
from bot.core.voting.methods import method
from bot.storage.engine import DatabaseTimeouts

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO_ROOT / "config" / "paperclub.toml"
DEFAULT_READING_LIST = REPO_ROOT / "data" / "reading_list.yaml"
# Names another env file, or none at all when empty (the tests set it so a developer's own
# tokens never reach them).
ENV_FILE_VARIABLE = "PAPERCLUB_ENV_FILE"


def is_source_checkout() -> bool:
    """True when running from a clone (make run, pip install -e .), not an installed package."""
    return (REPO_ROOT / "pyproject.toml").is_file() and (REPO_ROOT / "config").is_dir()


def default_data_dir() -> Path:
    """Where the default SQLite database lives, the same whatever the current directory.

    A clone keeps it in its own var/ folder (where `make run` always put it, so an existing
    database is found again); an installed package uses the platform's per-user data folder
    (~/.local/share/paperclub on Linux); the Docker image sets PAPERCLUB_DATA_DIR to its volume.
    """
    if is_source_checkout():
        return REPO_ROOT / "var"
    return user_data_path("paperclub", appauthor=False)


def default_env_files() -> tuple[Path, ...]:
    """The .env files `paperclub` reads: the clone's own, then the current directory's.

    A later file wins, and the real environment wins over both.
    """
    named = os.environ.get(ENV_FILE_VARIABLE)
    if named is not None:
        return (Path(named),) if named.strip() else ()
    files = [REPO_ROOT / ".env"] if is_source_checkout() else []
    here = Path.cwd() / ".env"
    if here not in files:
        files.append(here)
    return tuple(files)


# What the Slack app asks a workspace for when installed through OAuth: exactly what the code
# uses, derived in bot/adapters/slack/scopes.py (and shipped in slack/manifest.*.yml).
SLACK_BOT_SCOPES = bot_scopes()


def _env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class ClubDefaults(BaseModel):
    """The weekly rule and options a new club starts with."""

    weekday: str = "wednesday"
    time: str = "18:00"
    timezone: str = "UTC"
    cadence_weeks: int = Field(1, ge=1, le=52)
    session_minutes: int = Field(60, ge=5, le=24 * 60)
    language: str = Field("en", pattern=r"^[a-z]{2}(-[A-Z]{2})?$")
    voting_method: str = "plurality"
    poll_candidates: int = Field(4, ge=2, le=10)
    announce_before_minutes: int = Field(3 * 24 * 60, ge=0)
    remind_before_minutes: int = Field(60, ge=0)
    checkin_grace_minutes: int = Field(30, ge=0)

    @field_validator("weekday")
    @classmethod
    def _weekday(cls, value: str) -> str:
        parse_weekday(value)
        return value

    @field_validator("time")
    @classmethod
    def _time(cls, value: str) -> str:
        parse_local_time(value)
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return zone_or_error(value).key

    @field_validator("voting_method")
    @classmethod
    def _method(cls, value: str) -> str:
        return method(value.casefold()).key

    def to_club_settings(self) -> ClubSettings:
        local: time = parse_local_time(self.time)
        return ClubSettings(
            weekday=parse_weekday(self.weekday),
            local_time=local,
            timezone=self.timezone,
            cadence_weeks=self.cadence_weeks,
            session_minutes=self.session_minutes,
            language=self.language,
            voting_method=self.voting_method,
            poll_candidates=self.poll_candidates,
            announce_before_minutes=self.announce_before_minutes,
            remind_before_minutes=self.remind_before_minutes,
            checkin_grace_minutes=self.checkin_grace_minutes,
        )


class ConsoleSettings(BaseModel):
    club_name: str = "Console paper club"
    member: str = "you"
    # Line history of the interactive console; unset: $XDG_STATE_HOME/paperclub/console_history.
    history_file: Path | None = None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PAPERCLUB_",
        env_nested_delimiter="__",
        extra="ignore",
        populate_by_name=True,
    )

    # Empty means SQLite in data_dir. A relative sqlite path in config/paperclub.toml is
    # relative to that file; one given in the environment, to the current directory.
    database_url: str = Field("", validation_alias=_env("DATABASE_URL", "PAPERCLUB_DATABASE_URL"))
    data_dir: Path = Field(default_factory=default_data_dir)
    reading_list: Path = DEFAULT_READING_LIST
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool = False
    public_base_url: str | None = None
    # One port for everything that must be reachable: Slack's HTTP mode and OAuth pages, the
    # calendar feeds, /healthz. 0 turns it off (and with it Slack's HTTP mode).
    http_host: str = "127.0.0.1"
    http_port: int = Field(8080, ge=0, le=65535)
    # Prometheus /metrics, kept off the public port: loopback unless told otherwise.
    metrics_host: str = "127.0.0.1"
    metrics_port: int = Field(9464, ge=0, le=65535)
    # Scheduled posts: later than the grace period a post is marked missed instead of sent; a
    # claim held longer than the timeout belongs to a dead process and is taken over.
    post_grace_hours: float = Field(6.0, ge=0)
    claim_timeout_seconds: float = Field(300.0, gt=0)
    scheduler_poll_seconds: float = Field(60.0, gt=0)
    # How long to wait for the database before a member is told it is away: to connect (or get
    # a pooled connection), for one PostgreSQL statement (lock waits included), and for
    # SQLite's write lock held by another process.
    database_connect_timeout: float = Field(5.0, gt=0, le=300)
    database_statement_timeout: float = Field(15.0, gt=0, le=3600)
    database_busy_timeout: float = Field(5.0, gt=0, le=300)

    discord_token: SecretStr | None = Field(None, validation_alias=_env("DISCORD_TOKEN"))
    discord_api_base_url: str | None = Field(
        None, validation_alias=_env("DISCORD_API_BASE_URL", "PAPERCLUB_DISCORD_API_BASE_URL")
    )
    discord_gateway_url: str | None = Field(
        None, validation_alias=_env("DISCORD_GATEWAY_URL", "PAPERCLUB_DISCORD_GATEWAY_URL")
    )
    # Large bots shard; with either set, an AutoShardedClient runs the given shards.
    discord_shard_count: int | None = Field(None, ge=1)
    discord_shard_ids: list[int] | None = None
    # Slash commands sync to these guilds at once; when empty they sync globally.
    discord_guild_ids: list[int] = Field(default_factory=list)
    # A role (name or id) whose members count as club admins besides Manage Server.
    discord_admin_role: str | None = None
    # The privileged members intent: only needed for live "interested" updates on events.
    discord_members_intent: bool = False
    slack_bot_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_BOT_TOKEN"))
    slack_app_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_APP_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(
        None, validation_alias=_env("SLACK_SIGNING_SECRET")
    )
    slack_api_url: str | None = Field(
        None, validation_alias=_env("SLACK_API_URL", "PAPERCLUB_SLACK_API_URL")
    )
    # Slack user ids that count as club admins besides workspace admins and owners.
    slack_admin_users: list[str] = Field(default_factory=list)
    # HTTP mode (no SLACK_APP_TOKEN) serves POST /slack/events on the HTTP port.
    # Several workspaces: with a client id and secret (and the signing secret: HTTP mode), the
    # app is installed through OAuth and keeps each workspace's bot token in the database.
    slack_client_id: str | None = Field(None, validation_alias=_env("SLACK_CLIENT_ID"))
    slack_client_secret: SecretStr | None = Field(
        None, validation_alias=_env("SLACK_CLIENT_SECRET")
    )
    # Comma-separated in the environment, as Slack's own tools write them.
    slack_scopes: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(SLACK_BOT_SCOPES),
        validation_alias=_env("SLACK_SCOPES", "PAPERCLUB_SLACK_SCOPES"),
    )
    slack_install_path: str = "/slack/install"
    slack_redirect_path: str = "/slack/oauth_redirect"
    # Only needed when the app lists several redirect URLs; Slack checks it matches one of them.
    slack_redirect_uri: str | None = Field(
        None, validation_alias=_env("SLACK_REDIRECT_URI", "PAPERCLUB_SLACK_REDIRECT_URI")
    )
    # The page the installer's browser is sent to (GovSlack has its own). The token exchange
    # (oauth.v2.access) is a Web API call and follows SLACK_API_URL.
    slack_authorization_url: str | None = Field(
        None,
        validation_alias=_env("SLACK_AUTHORIZATION_URL", "PAPERCLUB_SLACK_AUTHORIZATION_URL"),
    )

    # Paper metadata for /suggest and id-only imports. Base URLs are settings so tests (and
    # mirrors) can point elsewhere.
    arxiv_api_url: str = "https://export.arxiv.org/api/query"
    doi_api_url: str = "https://doi.org/"
    # Titles arXiv does not know are searched here (DOIs from the registrar; see the README).
    crossref_api_url: str = "https://api.crossref.org/works"
    lookup_timeout: float = Field(10.0, gt=0, le=120)
    # Imports: parsing and merging run in a child process with these limits, so one hostile
    # paste can neither stall the bot nor take the machine's memory.
    import_max_entries: int = Field(2000, ge=1, le=100_000)
    import_seconds: float = Field(60.0, gt=0, le=3600)
    import_memory_mb: int = Field(1024, ge=64, le=65536)
    # Who runs this bot, for the User-Agent arXiv and Crossref ask for (an email or a URL).
    lookup_contact: str | None = None
    # Lookups reach the configured services above and public hosts, never private addresses,
    # redirects included. Base URLs listed here are reachable wherever they point (a mirror on
    # the local network). With a proxy, every lookup goes through it and it decides.
    lookup_allowed_urls: list[str] = Field(default_factory=list)
    lookup_proxy: str | None = None
    # Full text for summaries and prompts: arXiv's HTML rendering, else the PDF (off: abstracts).
    paper_text: bool = True
    arxiv_html_url: str = "https://arxiv.org/html/"
    arxiv_pdf_url: str = "https://arxiv.org/pdf/"
    # An OpenAI-compatible endpoint (OpenAI, Ollama, llama.cpp's server, vLLM) for summaries and
    # prompts in the club's language; unset means the grounded offline ones. See the README.
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_timeout: float = Field(60.0, gt=0, le=600)
    llm_api_key: SecretStr | None = Field(
        None, validation_alias=_env("PAPERCLUB_LLM_API_KEY", "OPENAI_API_KEY")
    )

    club_defaults: ClubDefaults = ClubDefaults()
    console: ConsoleSettings = ConsoleSettings()

    @field_validator("slack_scopes", mode="before")
    @classmethod
    def _scopes(cls, value: object) -> object:
        if isinstance(value, str) and value.lstrip().startswith("["):
            return json.loads(value)  # the JSON list every other list setting takes
        if isinstance(value, str):
            return [scope.strip() for scope in value.split(",") if scope.strip()]
        return value

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object, info: ValidationInfo) -> object:
        # DISCORD_TOKEN= in an env file means "not set", not "a token that is empty".
        field = cls.model_fields.get(info.field_name or "")
        if value == "" and field is not None and field.default is None:
            return None
        return value

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str) -> str:
        if not value:
            return value  # the default, filled in from data_dir below
        scheme = value.split(":", 1)[0].split("+", 1)[0]
        if scheme not in {"sqlite", "postgresql", "postgres"}:
            raise ValueError("use sqlite:///path/to/file.sqlite3 or postgresql://user@host/db")
        if scheme == "postgres":  # Heroku-style URLs
            value = "postgresql" + value[len("postgres") :]
        return value

    @model_validator(mode="after")
    def _default_database(self) -> Settings:
        if not self.database_url:
            path = (self.data_dir.expanduser() / "paperclub.sqlite3").resolve()
            self.database_url = f"sqlite:///{path}"
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        config = Path(os.environ.get("PAPERCLUB_CONFIG", DEFAULT_CONFIG))
        toml = _ConfigFileSource(settings_cls, toml_file=config)
        # Earlier sources win: explicit arguments, then the environment, then the file.
        return (init_settings, env_settings, dotenv_settings, toml, file_secret_settings)

    def database_timeouts(self) -> DatabaseTimeouts:
        return DatabaseTimeouts(
            connect=self.database_connect_timeout,
            statement=self.database_statement_timeout,
            busy=self.database_busy_timeout,
        )

    @property
    def slack_oauth(self) -> bool:
        """Several workspaces installed through OAuth, rather than one SLACK_BOT_TOKEN."""
        return bool(self.slack_client_id and self.slack_client_secret and self.slack_signing_secret)

    def platforms_configured(self) -> list[str]:
        found = []
        if self.discord_token:
            found.append("discord")
        single = self.slack_bot_token and (self.slack_app_token or self.slack_signing_secret)
        if single or self.slack_oauth:
            found.append("slack")
        return found


class _ConfigFileSource(TomlConfigSettingsSource):
    """config/paperclub.toml, with relative paths taken relative to the file, not the cwd."""

    def _read_file(self, file_path: Any) -> dict[str, Any]:
        data: dict[str, Any] = super()._read_file(file_path)
        base = Path(str(file_path)).expanduser().resolve().parent
        url = data.get("database_url")
        if isinstance(url, str) and url.startswith("sqlite:///"):
            path = url.removeprefix("sqlite:///")
            if path and path != ":memory:" and not Path(path).expanduser().is_absolute():
                data["database_url"] = f"sqlite:///{(base / path).resolve()}"
        for key in ("reading_list", "data_dir"):
            value = data.get(key)
            if isinstance(value, str) and not Path(value).expanduser().is_absolute():
                data[key] = str((base / value).resolve())
        return data


class ConfigError(Exception):
    """Invalid configuration, explained in one message that names the key."""


def describe(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        key = ".".join(str(part) for part in problem["loc"]) or "settings"
        message = problem["msg"].removeprefix("Value error, ")
        lines.append(f"{key.upper() if '.' not in key else key}: {message}")
    return "Invalid configuration: " + "; ".join(lines)


def load_settings(**overrides: object) -> Settings:
    """Settings as the `paperclub` command sees them: the environment, .env files, the TOML."""
    try:
        return Settings(_env_file=default_env_files(), **overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ConfigError(describe(exc)) from None
