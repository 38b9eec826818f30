"""The bench's bulk seed writes what the planner itself would keep, on both databases.

If it did not, the start-up rows would time a planner fixing the seed instead of a restart.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, select, update

from bot.bench.common import T0, bench_services
from bot.bench.schedule import NullPoster
from bot.bench.scratch import scratch_database
from bot.bench.seed_clubs import SHAPES, seed
from bot.core.domain.ids import Platform
from bot.core.ports import Poster
from bot.scheduling.wakeups import Wakeups
from bot.storage.engine import sync_url
from bot.storage.tables import ClubRow, OutboxRow, SessionRow

PG_ENV = "PAPERCLUB_TEST_DATABASE_URL"
URLS = ["sqlite:///unused.sqlite3"] + ([os.environ[PG_ENV]] if os.environ.get(PG_ENV) else [])
CLUBS = SHAPES + 6  # every settings shape, and a few clubs that repeat one


def _rows(url: str) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]], int]:
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as connection:
            posts = connection.execute(
                select(OutboxRow.key, OutboxRow.club_id, OutboxRow.session_id, OutboxRow.kind,
                       OutboxRow.due_at, OutboxRow.status)
            )  # fmt: skip
            sessions = connection.execute(
                # Not the status: the planner marks sessions already over as done (the seed
                # leaves that to it, as a bot restarting after a session would find them).
                select(SessionRow.id, SessionRow.club_id, SessionRow.starts_at)
            )
            unplanned = connection.execute(
                select(ClubRow.id).where(ClubRow.plan_due_at.is_(None))
            ).all()
            return {tuple(r) for r in posts}, {tuple(r) for r in sessions}, len(unplanned)
    finally:
        engine.dispose()


@pytest.mark.parametrize("configured", URLS, ids=lambda u: u.split(":")[0])
async def test_replanning_every_seeded_club_changes_none_of_its_sessions_or_posts(
    configured: str,
) -> None:
    with scratch_database(configured) as url:
        async with bench_services(url, load_papers=False) as services:
            written = seed(url, CLUBS, T0, services.deps.plan_weeks, changed_every=10)
            seeded_posts, seeded_sessions, changed = _rows(url)
            assert written == CLUBS + len(seeded_posts) + len(seeded_sessions)
            assert changed == len(range(0, CLUBS, 10))
            # Every club as if it had changed: the planner plans each one from scratch.
            async with services.engine.begin() as connection:
                await connection.execute(update(ClubRow).values(plan_due_at=None))
            posters: dict[Platform, Poster] = {p: NullPoster() for p in Platform}
            await Wakeups(services.deps, posters).tick()
            posts, sessions, changed = _rows(url)
    assert changed == 0
    assert sessions == seeded_sessions
    assert posts == seeded_posts
