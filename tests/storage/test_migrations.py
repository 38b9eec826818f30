"""Migrations run forwards and backwards on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from bot.storage import migrate
from bot.storage.backup import backup, restore
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


def test_upgrading_an_old_database_full_of_data_loses_nothing(
    database_url: str, tmp_path: Path
) -> None:
    """Build a revision-0001 database holding a club's history, upgrade it, compare every row."""
    import asyncio
    import gzip
    import json

    from tests.storage.test_backup import _play

    asyncio.run(_play(database_url))
    full = tmp_path / "full.json.gz"
    backup_counts = backup(database_url, full)
    with gzip.open(full, "rt", encoding="utf-8") as handle:
        document = json.load(handle)
    # Reduce the snapshot to what schema 0001 had (read from a database migrated to 0001; a
    # restore refuses columns and non-empty tables its revision lacks), and load it as old.
    schema = f"sqlite:///{tmp_path / 'schema-0001.sqlite3'}"
    migrate.upgrade(schema, "0001")
    engine = make_sync_engine(schema)
    try:
        inspector = inspect(engine)
        old_columns = {
            name: {c["name"] for c in inspector.get_columns(name)}
            for name in inspector.get_table_names()
        }
    finally:
        engine.dispose()
    assert "vote_nudge" not in old_columns["clubs"] and "outbox" not in old_columns
    document["revision"] = "0001"
    document["tables"] = {
        name: [{k: v for k, v in row.items() if k in old_columns[name]} for row in rows]
        for name, rows in document["tables"].items()
        if name in old_columns
    }
    old = tmp_path / "old.json.gz"
    with gzip.open(old, "wt", encoding="utf-8") as handle:
        json.dump(document, handle)
    target = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    restore(target, old)  # migrates to 0001, loads the rows, then upgrades to head
    assert migrate.current(target) == migrate.head()
    upgraded = tmp_path / "upgraded.json.gz"
    counts = backup(target, upgraded)
    for name, rows in document["tables"].items():
        assert counts[name] == len(rows) == backup_counts[name], name
    with gzip.open(upgraded, "rt", encoding="utf-8") as handle:
        after = json.load(handle)["tables"]
    assert after["clubs"][0]["name"] == document["tables"]["clubs"][0]["name"]
    assert after["clubs"][0]["vote_nudge"] in (False, 0)  # the new column got its default
    assert after["ballots"] == document["tables"]["ballots"]


def test_calendar_links_made_before_the_digest_keep_working(tmp_path: Path) -> None:
    """Schema 0009 looks feeds up by a digest of the token, computed for existing links."""
    import asyncio

    from bot.bootstrap import build_services
    from bot.core.commands.context import Context
    from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
    from bot.core.usecases import calendar_feed
    from bot.settings import Settings

    url = f"sqlite:///{tmp_path / 'links.sqlite3'}"
    club = ClubKey(Platform.CONSOLE, "w", "c")
    admin = Context(club, Actor(MemberKey(Platform.CONSOLE, "w", "ada"), "Ada", True), "c")

    async def token_of_new_club() -> str:
        services = await build_services(Settings(database_url=url), load_papers=False)
        try:
            await services.dispatcher.run_text("/club setup wed 18:00 UTC", admin)
            await services.dispatcher.run_text("/club calendar", admin)
            async with services.deps.uow() as uow:
                found = await uow.clubs.get(club)
            assert found is not None and found.calendar_token
            return found.calendar_token
        finally:
            await services.close()

    async def feed_of(token: str) -> ClubKey | None:
        services = await build_services(Settings(database_url=url), run_migrations=False)
        try:
            found = await calendar_feed.by_token(token, services.deps.store)
            return None if found is None else found.club.key
        finally:
            await services.close()

    migrate.upgrade(url)
    token = asyncio.run(token_of_new_club())
    migrate.downgrade(url, "0008")  # as if the link was made before 0009
    migrate.upgrade(url)
    assert asyncio.run(feed_of(token)) == club
