"""Migrations run forwards and backwards on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from bot.storage import migrate
from bot.storage.engine import make_sync_engine
from bot.storage.tables import Base


def _tables(url: str) -> set[str]:
    engine = make_sync_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_migrations_match_the_tables_and_can_be_undone(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    migrate.upgrade(url)
    assert migrate.current(url) == migrate.head()
    assert _tables(url) == set(Base.metadata.tables)
    migrate.upgrade(url)  # a second upgrade is a no-op
    migrate.downgrade(url, "base")
    assert migrate.current(url) is None
    assert _tables(url) == set()
    migrate.upgrade(url)
    assert migrate.current(url) == migrate.head()


def test_the_test_database_is_at_head(database_url: str) -> None:
    assert migrate.current(database_url) == migrate.head()
    assert set(Base.metadata.tables) <= _tables(database_url)
