"""Backups restore everything, across SQLite and PostgreSQL, and never into a live database."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.bootstrap import build_services
from bot.cli import build_app
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.settings import Settings
from tests.conftest import PG_ENV, scratch_postgres

CLUB = ClubKey(Platform.DISCORD, "g", "c")


def who(name: str, admin: bool = False) -> Context:
    return Context(CLUB, Actor(MemberKey(Platform.DISCORD, "g", name), name.title(), admin), "c")


async def _play(url: str) -> str:
    clock = ManualClock(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    services = await build_services(
        Settings(database_url=url), clock=clock, run_migrations=False, load_papers=False
    )
    try:
        d = services.dispatcher
        await d.run_text("/club setup thu 19:00 Asia/Seoul", who("ada", True))
        await d.run_text("/rsvp going", who("bo"))
        await d.run_text("/vote open", who("ada", True))
        await d.run_text("/vote 2", who("bo"))
        await d.run_text("/present", who("cy"))
        return await _schedule(url)
    finally:
        await services.close()


async def _schedule(url: str) -> str:
    clock = ManualClock(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    services = await build_services(
        Settings(database_url=url), clock=clock, run_migrations=False, load_papers=False
    )
    try:
        reply = await services.dispatcher.run_text("/schedule 5", who("zed"))
        vote = await services.dispatcher.run_text("/vote", who("bo"))
        return repr(reply.view) + repr(vote.view)
    finally:
        await services.close()


@pytest.fixture
def empty_targets(tmp_path: Path) -> Iterator[list[str]]:
    sqlite = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        yield [sqlite]
        return
    with scratch_postgres(admin_url, "paperclub_restore") as postgres:
        yield [sqlite, postgres]


def test_backup_and_restore_keep_every_club_record(
    database_url: str, empty_targets: list[str], tmp_path: Path
) -> None:
    before = asyncio.run(_play(database_url))
    runner = CliRunner()
    file = tmp_path / "club.json.gz"
    made = runner.invoke(build_app(), ["backup", str(file)], env={"DATABASE_URL": database_url})
    assert made.exit_code == 0, made.output
    assert "clubs 1" in made.stdout and "ballots 1" in made.stdout
    for target in empty_targets:
        restored = runner.invoke(build_app(), ["restore", str(file)], env={"DATABASE_URL": target})
        assert restored.exit_code == 0, restored.output
        assert asyncio.run(_schedule(target)) == before
        again = runner.invoke(build_app(), ["restore", str(file)], env={"DATABASE_URL": target})
        assert again.exit_code == 2 and "not empty" in again.stderr


def test_restore_refuses_files_that_are_not_backups(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello")
    result = CliRunner().invoke(
        build_app(),
        ["restore", str(bogus)],
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"},
    )
    assert result.exit_code == 2 and "not a paperclub backup" in result.stderr
