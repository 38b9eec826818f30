"""`paperclub export attendance|votes` on real databases, respecting anonymous polls."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from bot.bootstrap import build_services
from bot.cli import build_app
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.settings import Settings

CLUB = ClubKey(Platform.SLACK, "T1", "C1")
FIRST = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)


def who(name: str, admin: bool = False) -> Context:
    return Context(CLUB, Actor(MemberKey(Platform.SLACK, "T1", name), name.title(), admin), "club")


async def _play(url: str, anonymous: bool) -> None:
    clock = ManualClock(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    services = await build_services(
        Settings(database_url=url), clock=clock, run_migrations=False, load_papers=False
    )
    d = services.dispatcher
    try:
        await d.run_text("/club setup", who("ada", True))
        if anonymous:
            async with services.deps.uow() as uow:
                club = await uow.clubs.get(CLUB)
                assert club is not None
                await uow.clubs.update(
                    replace(club, settings=replace(club.settings, anonymous_polls=True))
                )
                await uow.commit()
        await d.run_text("/rsvp going", who("bo"))
        await d.run_text("/rsvp maybe", who("cy"))
        await d.run_text("/vote open", who("ada", True))
        await d.run_text("/vote 2", who("bo"))
        await d.run_text("/vote 1", who("cy"))
        clock.set(FIRST + timedelta(minutes=3))
        await d.run_text("/attend", who("bo"))
    finally:
        await services.close()


@pytest.mark.parametrize("anonymous", [False, True])
def test_exports(database_url: str, anonymous: bool) -> None:
    asyncio.run(_play(database_url, anonymous))
    runner = CliRunner()
    env = {"DATABASE_URL": database_url, "PAPERCLUB_LOG_LEVEL": "WARNING"}
    club = str(CLUB)

    attendance = runner.invoke(build_app(), ["export", "attendance", "--club", club], env=env)
    assert attendance.exit_code == 0, attendance.output
    rows = list(csv.DictReader(io.StringIO(attendance.stdout)))
    assert {(r["member"], r["rsvp"], bool(r["checked_in_at_utc"])) for r in rows} == {
        ("Bo", "going", True),
        ("Cy", "maybe", False),
    }

    votes = runner.invoke(
        build_app(), ["export", "votes", "--club", club, "--format", "json"], env=env
    )
    assert votes.exit_code == 0, votes.output
    ballots = json.loads(votes.stdout)
    assert len(ballots) == 2
    voters = {b["member"] for b in ballots}
    if anonymous:
        assert voters == {"anonymous"}
        assert "Bo" not in votes.stdout and "Cy" not in votes.stdout
        assert all(b["cast_at_utc"] == "" for b in ballots)
    else:
        assert voters == {"Bo", "Cy"}


def test_unknown_club_is_a_clear_error(database_url: str) -> None:
    result = CliRunner().invoke(
        build_app(),
        ["export", "votes", "--club", "discord:1:2"],
        env={"DATABASE_URL": database_url},
    )
    assert result.exit_code == 2
    assert "No club discord:1:2" in result.stderr


async def _approval_turned_anonymous(url: str) -> None:
    clock = ManualClock(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    services = await build_services(
        Settings(database_url=url), clock=clock, run_migrations=False, load_papers=False
    )
    d, ada = services.dispatcher, who("ada", True)
    try:
        for line in ("/club setup", "/club set voting_method approval", "/vote open"):
            await d.run_text(line, ada)
        await d.run_text("/vote 3 1", who("bo"))
        await d.run_text("/vote 2", who("cy"))
        # Turned on while the vote is open: it applies to that vote too.
        await d.run_text("/club set anonymous on", ada)
        await d.run_text("/vote close", ada)
    finally:
        await services.close()


def test_votes_export_names_the_session_keeps_sets_as_sets_and_no_names(database_url: str) -> None:
    asyncio.run(_approval_turned_anonymous(database_url))
    env = {"DATABASE_URL": database_url, "PAPERCLUB_LOG_LEVEL": "WARNING"}
    votes = CliRunner().invoke(
        build_app(), ["export", "votes", "--club", str(CLUB), "--format", "json"], env=env
    )
    assert votes.exit_code == 0, votes.output
    ballots = json.loads(votes.stdout)
    assert {b["member"] for b in ballots} == {"anonymous"}
    assert "Bo" not in votes.stdout and "Cy" not in votes.stdout
    assert all(b["session"].startswith("Wed 2 Dec 2026") for b in ballots), ballots
    # An approval ballot is a set: in candidate order, never "3 > 1" as if it were a ranking.
    (both,) = [b["choices"] for b in ballots if ";" in b["choices"]]
    assert ">" not in both and len(both.split("; ")) == 2
