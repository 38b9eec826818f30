"""Schema migrations (Alembic), run in-process on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from bot.storage.engine import make_sync_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Replicas started together all migrate at start. On PostgreSQL they take this advisory lock
# (per database, any fixed number) inside the migration's transaction: the first one migrates,
# the others wait, then find the schema at head and do nothing. Released at commit or rollback,
# and by the server when a process dies holding it.
MIGRATION_LOCK_KEY = 0x70617065_72636C62  # "paperclb"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    _run(url, lambda config: command.upgrade(config, revision))


def downgrade(url: str, revision: str) -> None:
    _run(url, lambda config: command.downgrade(config, revision))


def current(url: str) -> str | None:
    engine = make_sync_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()


def is_known(revision: str) -> bool:
    """True for a revision id one of our migrations has (what a backup may name)."""
    if not revision.isascii() or not revision.replace("_", "").isalnum():
        return False
    try:
        return ScriptDirectory.from_config(_config()).get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for unknown or ambiguous ids
        return False


def revision(url: str, message: str) -> None:
    """Write a new migration by comparing the tables with the database (for developers)."""
    _run(url, lambda config: command.revision(config, message=message, autogenerate=True))


def _run(url: str, action: Callable[[Config], object]) -> None:
    engine = make_sync_engine(url, for_migrations=True)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
            config = _config()
            config.attributes["connection"] = connection
            action(config)
            if connection.dialect.name == "sqlite":
                # Foreign keys were off while tables were rebuilt; prove nothing dangles.
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left dangling references: {broken[:5]}")
    finally:
        engine.dispose()
