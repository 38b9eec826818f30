"""Logging: plain or JSON lines, carrying the club and command, and never a secret."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import TextIO

from bot.core.telemetry import logcontext
from bot.settings import Settings

NOISY = (
    "sqlalchemy",
    "alembic",
    "aiosqlite",
    "discord",
    "slack_bolt",
    "slack_sdk",
    "apscheduler",
    "aiohttp.access",
)


# Tokens of workspaces installed through OAuth live in the database, not in the settings, so
# they are caught by their shape: bot, user, refresh and rotated tokens, and app-level ones.
SLACK_TOKEN = re.compile(r"\bxox[a-z](?:\.xox[a-z])?-[A-Za-z0-9-]+|\bxapp-[A-Za-z0-9-]+")


class Redactor(logging.Filter):
    """Replaces every configured secret, and anything shaped like a Slack token, in a record's
    text, whoever logged it."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        # Short values would redact ordinary words; real tokens are long.
        self.secrets = sorted((s for s in secrets if len(s) >= 8), key=len, reverse=True)

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return SLACK_TOKEN.sub("***", text)

    def filter(self, record: logging.LogRecord) -> bool:
        # Always, even with no configured secret: an installed workspace's token is in none.
        record.msg = self._clean(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = self._clean(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        for key, value in logcontext.current().items():
            setattr(record, key, value)
        return True


class JsonFormatter(logging.Formatter):
    FIELDS = ("club", "command", "platform", "member")

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in self.FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["error"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        context = " ".join(
            f"{k}={getattr(record, k)}" for k in JsonFormatter.FIELDS if hasattr(record, k)
        )
        return f"{line} [{context}]" if context else line


class StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever sys.stderr is at the moment of logging, not at set-up: test runners
    and embedding tools swap it, and a handler holding an old, closed stream would fail."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


def secrets_of(settings: Settings) -> list[str]:
    values = []
    for name in (
        "discord_token",
        "slack_bot_token",
        "slack_app_token",
        "slack_signing_secret",
        "slack_client_secret",
        "llm_api_key",
    ):
        secret = getattr(settings, name, None)
        if secret is not None:
            values.append(secret.get_secret_value())
    if "@" in settings.database_url and ":" in settings.database_url.split("@")[0]:
        password = settings.database_url.split("@")[0].rsplit(":", 1)[1]
        values.append(password)
    return values


def configure(settings: Settings, *, quiet: bool = False, stream: TextIO | None = None) -> None:
    level = logging.getLevelName(settings.log_level)
    if quiet:
        level = max(level, logging.WARNING)
    handler: logging.Handler = (
        logging.StreamHandler(stream) if stream is not None else StderrHandler()
    )
    handler.addFilter(Redactor(secrets_of(settings)))
    handler.setFormatter(
        JsonFormatter()
        if settings.log_json
        else TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in NOISY:
        logging.getLogger(name).setLevel(max(logging.WARNING, level))
    bolt_loggers_follow_configuration()


def bolt_loggers_follow_configuration() -> None:
    """Bolt gives each of its classes a logger and copies a level into it once, when it is made:
    the root's level (DEBUG under a debugging session or a test's log capture) for the classes
    made without a base logger. Such a copy would outlive the setting it came from and let
    RequestVerification log whole rejected bodies; unset, every one follows `slack_bolt`."""
    for name, logger in list(logging.Logger.manager.loggerDict.items()):
        if name.startswith("slack_bolt.") and isinstance(logger, logging.Logger):
            logger.setLevel(logging.NOTSET)
