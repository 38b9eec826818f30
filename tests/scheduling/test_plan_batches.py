"""Planning in batches on a real database: many clubs per transaction, read in a few queries,
yet one broken club does not stop the others and a club changed meanwhile is planned again."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.outbox import OutboxStatus, PostKind
from bot.core.domain.papers import QueueState
from bot.core.domain.sessions import Session
from bot.scheduling import planner
from bot.scheduling.delivery import OutboxWorker
from bot.scheduling.planner import plan_all
from bot.storage.repositories.sessions import SqlSessionRepository
from bot.storage.tables import ClubRow
from tests.core.fakes import make_paper
from tests.scheduling.harness import RecordingPoster


async def _clubs(services: Services, clock: ManualClock, count: int) -> list[int]:
    async with services.deps.uow() as uow:
        ids = [
            (
                await uow.clubs.add(
                    ClubKey(Platform.CONSOLE, "w", f"c{n}"),
                    f"Club {n}",
                    ClubSettings(),
                    clock.now(),
                )
            ).id
            for n in range(count)
        ]
        await uow.commit()
    return ids


async def _watermarks(services: Services) -> dict[int, datetime | None]:
    async with services.engine.connect() as connection:
        rows = await connection.execute(ClubRow.__table__.select())  # type: ignore[attr-defined]
        return {row.id: row.plan_due_at for row in rows}


async def _pending(services: Services, club_id: int) -> dict[str, datetime]:
    async with services.deps.uow() as uow:
        return {
            e.key: e.due_at
            for e in await uow.outbox.entries(club_id)
            if e.status == OutboxStatus.PENDING
        }


async def _set_zone(services: Services, club_id: int, zone: str) -> None:
    async with services.engine.begin() as connection:
        await connection.execute(
            update(ClubRow)
            .where(ClubRow.id == club_id)
            .values(timezone=zone, plan_due_at=None, plan_epoch=ClubRow.plan_epoch + 1)
        )


async def test_a_club_that_cannot_be_planned_leaves_the_others_planned_and_is_retried(
    services: Services, clock: ManualClock, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    monkeypatch.setattr(planner, "BATCH", 3)  # the broken club in the middle of a batch
    ids = await _clubs(services, clock, 7)
    broken = ids[4]
    # A zone the system's time zone database no longer knows (an OS upgrade dropped it).
    await _set_zone(services, broken, "Atlantis/Lost_City")

    with caplog.at_level(logging.ERROR, logger="bot.scheduling.planner"):
        assert await plan_all(services.deps, clock.now()) == 7
    marks = await _watermarks(services)
    for club_id in ids:
        if club_id == broken:
            continue
        assert marks[club_id] is not None, f"club {club_id} was planned"
        assert await _pending(services, club_id), f"club {club_id} has its posts"
    assert marks[broken] is None and not await _pending(services, broken)
    failures = [r for r in caplog.records if r.getMessage() == "planning failed"]
    assert [getattr(r, "club_id", None) for r in failures] == [broken]

    # Still due, so every tick tries it again; once its zone is fixed it is planned.
    assert await plan_all(services.deps, clock.now()) == 1
    await _set_zone(services, broken, "Europe/Berlin")
    assert await plan_all(services.deps, clock.now()) == 1
    assert (await _watermarks(services))[broken] is not None
    assert await _pending(services, broken)
    assert await plan_all(services.deps, clock.now()) == 0


def _after_first_read(
    monkeypatch: pytest.MonkeyPatch, change: Callable[[], Awaitable[None]]
) -> None:
    """Run `change` (in its own transaction) just after a batch has read its clubs' sessions,
    as a command committing while the planner works would."""
    original = SqlSessionRepository.starting_after
    done: list[bool] = []

    async def reading(
        self: SqlSessionRepository, club_ids: Collection[int], after: datetime
    ) -> dict[int, list[Session]]:
        found = await original(self, club_ids, after)
        if not done:
            done.append(True)
            await change()
        return found

    monkeypatch.setattr(SqlSessionRepository, "starting_after", reading)


async def test_a_club_changed_while_its_batch_plans_gets_its_post_once_at_the_new_time(
    services: Services, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, moved_club = await _clubs(services, clock, 2)
    await plan_all(services.deps, clock.now())
    async with services.deps.uow() as uow:
        session = (await uow.sessions.between(moved_club, clock.now()))[0]
    later = replace(session, starts_at=session.starts_at + timedelta(hours=2))
    # Something else makes both clubs due (a new club default, a migration): one batch.
    async with services.engine.begin() as connection:
        await connection.execute(update(ClubRow).values(plan_due_at=None))

    async def move() -> None:
        async with services.deps.uow() as uow:
            await uow.sessions.update(later)
            await uow.commit()

    _after_first_read(monkeypatch, move)
    await plan_all(services.deps, clock.now())
    marks = await _watermarks(services)
    assert marks[first] is not None
    # The batch planned from what it had read; the change since keeps the club due.
    assert marks[moved_club] is None
    assert await plan_all(services.deps, clock.now()) == 1
    reminder = f"club:{moved_club}:session:{session.id}:{PostKind.REMINDER.value}"
    pending = await _pending(services, moved_club)
    assert pending[reminder] == later.starts_at - timedelta(minutes=60)

    poster = RecordingPoster(clock)
    worker = OutboxWorker(services.deps, {Platform.CONSOLE: poster})
    clock.set(session.starts_at - timedelta(minutes=60))  # the old reminder time
    await worker.run_due()
    assert reminder not in poster.keys()  # noqa: SIM118 (a list, not a dict)
    clock.set(later.starts_at - timedelta(minutes=60))
    await plan_all(services.deps, clock.now())
    await worker.run_due()
    await worker.run_due()
    assert poster.keys().count(reminder) == 1


async def test_what_a_batch_holds_is_what_the_database_answers_club_by_club(
    services: Services, clock: ManualClock
) -> None:
    from bot.core.domain.polls import Poll, PollStatus
    from bot.core.planning.postplan import RECENT
    from bot.core.planning.sessionplan import settle_past_many
    from bot.scheduling.planreads import HeldUnitOfWork, read_batch

    ids = await _clubs(services, clock, 3)
    async with services.deps.uow() as uow:
        for n in (1, 2, 3):
            paper = await uow.papers.upsert(make_paper(n))
            await uow.queue.append(ids[0], paper.id, QueueState.QUEUED, clock.now())
        quiet = await uow.clubs.get_by_id(ids[2])
        assert quiet is not None
        await uow.clubs.update(replace(quiet, settings=replace(quiet.settings, paused=True)))
        await uow.commit()
    await plan_all(services.deps, clock.now())
    # Ten days on: sessions ended unsettled, posts sent and due, a vote open in one club.
    clock.set(clock.now() + timedelta(days=10))
    async with services.deps.uow() as uow:
        await uow.polls.add(
            Poll(0, ids[0], "plurality", False, PollStatus.OPEN, clock.now(), clock.now(), (1, 2))
        )
        await uow.commit()
    now = clock.now()
    async with services.deps.uow() as uow:
        clubs = await uow.clubs.by_ids(ids)
        held = await read_batch(uow, clubs, now, {}, RECENT + timedelta(weeks=1), RECENT)
        view = HeldUnitOfWork(uow, held)
        assert held.unsettled[ids[0]] and held.posts[ids[0]] and held.polls[ids[0]]
        for club_id in ids:
            for start in (now - RECENT, now, now + timedelta(days=3)):
                assert await view.sessions.between(club_id, start) == (
                    await uow.sessions.between(club_id, start)
                )
                assert await view.sessions.between(club_id, start, now + timedelta(weeks=2), 2) == (
                    await uow.sessions.between(club_id, start, now + timedelta(weeks=2), 2)
                )
            assert await view.sessions.last(club_id) == await uow.sessions.last(club_id)
            assert await view.sessions.unsettled([club_id], now) == (
                await uow.sessions.unsettled([club_id], now)
            )
            assert await view.polls.open_for(club_id) == await uow.polls.open_for(club_id)
            for since in (now - RECENT, now):
                assert await view.outbox.entries(club_id, since) == (
                    await uow.outbox.entries(club_id, since)
                )
            for states in (None, [QueueState.QUEUED], [QueueState.READ]):
                assert await view.queue.entries(club_id, states) == (
                    await uow.queue.entries(club_id, states)
                )
        # The club with sessions to settle had its reading list read with the batch, and a
        # state changed through the batch is what the database then holds.
        assert [e.paper.title for e in held.queues[ids[0]]] == [
            "Paper number 1",
            "Paper number 2",
            "Paper number 3",
        ]
        first = held.queues[ids[0]][0].paper.id
        await view.queue.set_state(ids[0], first, QueueState.READ)
        assert await view.queue.entries(ids[0]) == await uow.queue.entries(ids[0])
        # Settling every club in one write leaves what is held as the database has it.
        await settle_past_many(view, ids, now)
        for club_id in ids:
            assert await view.sessions.unsettled([club_id], now) == {}
            assert await view.sessions.between(club_id, now - RECENT) == (
                await uow.sessions.between(club_id, now - RECENT)
            )
        assert await view.queue.entries(ids[0]) == await uow.queue.entries(ids[0])
    assert (await _watermarks(services))[ids[0]] is None, "the new poll made its club due"
    assert await plan_all(services.deps, now) == 3
