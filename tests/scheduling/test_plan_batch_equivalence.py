"""Batched planning ends where planning club by club ends: over weeks of ticks, with reading
lists to settle and calendar mirrors to sync, both leave the same sessions, papers and posts."""

from __future__ import annotations

import shutil
from datetime import time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.bootstrap import Services, build_services
from bot.core.clock import ManualClock
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.papers import QueueState
from bot.scheduling.planner import plan_all, plan_club
from bot.settings import Settings
from bot.storage.tables import OutboxRow, QueueRow, SessionRow
from tests.conftest import T0
from tests.core.fakes import make_paper

MIRRORS = frozenset({Platform.DISCORD})
ZONES = ("UTC", "Europe/Berlin", "Asia/Seoul", "America/New_York")


async def _set_up(services: Services, clock: ManualClock) -> None:
    async with services.deps.uow() as uow:
        for n in range(8):
            settings = ClubSettings(
                weekday=n % 7, local_time=time(9 + n, 30 * (n % 2)), timezone=ZONES[n % 4]
            )
            platform = Platform.DISCORD if n % 2 else Platform.SLACK
            club = await uow.clubs.add(ClubKey(platform, "w", f"c{n}"), f"C{n}", settings, T0)
            for k in range(n % 4):
                paper = await uow.papers.upsert(make_paper(10 * n + k))
                await uow.queue.append(club.id, paper.id, QueueState.QUEUED, clock.now())
        await uow.commit()


async def _state(services: Services) -> dict[str, list[Any]]:
    async with services.engine.connect() as connection:
        sessions = await connection.execute(
            select(SessionRow.id, SessionRow.club_id, SessionRow.starts_at, SessionRow.status,
                   SessionRow.paper_id).order_by(SessionRow.id)
        )  # fmt: skip
        queue = await connection.execute(
            select(QueueRow.club_id, QueueRow.paper_id, QueueRow.state).order_by(QueueRow.id)
        )
        posts = await connection.execute(
            select(OutboxRow.key, OutboxRow.due_at, OutboxRow.status, OutboxRow.payload)
            .order_by(OutboxRow.key)
        )  # fmt: skip
        return {
            "sessions": [tuple(r) for r in sessions],
            "queue": [tuple(r) for r in queue],
            "posts": [tuple(r) for r in posts],
        }


async def test_batched_and_club_by_club_planning_leave_the_same_database(
    sqlite_template: Path, tmp_path: Path
) -> None:
    built: list[tuple[Services, ManualClock]] = []
    for name in ("batched", "alone"):
        copy = tmp_path / f"{name}.sqlite3"
        shutil.copy(sqlite_template, copy)
        clock = ManualClock(T0)
        settings = Settings(database_url=f"sqlite:///{copy}", paper_text=False)
        services = await build_services(
            settings, clock=clock, run_migrations=False, load_papers=False
        )
        built.append((services, clock))
    try:
        for services, clock in built:
            await _set_up(services, clock)
        (batched, batched_clock), (alone, alone_clock) = built
        now = T0
        for _ in range(4 * 21):  # three weeks, a look every six hours
            now += timedelta(hours=6)
            batched_clock.set(now)
            alone_clock.set(now)
            await plan_all(batched.deps, now, MIRRORS)
            async with alone.deps.uow() as uow:
                tickets = await uow.clubs.due_for_planning(now)
            for ticket in tickets:
                await plan_club(alone.deps, ticket, now, MIRRORS)
        found = await _state(batched)
        assert found == await _state(alone)
        assert any(state == QueueState.READ.value for _, _, state in found["queue"])
        assert any(status == "done" for *_, status, _ in found["sessions"])
    finally:
        for services, _ in built:
            await services.close()
