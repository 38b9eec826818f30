"""Watermark planning on a real database: quiet clubs are skipped, new and changed ones are not."""

from __future__ import annotations

from datetime import timedelta

from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.outbox import OutboxStatus, PostKind
from bot.core.domain.sessions import SessionStatus
from bot.core.planning import sessionplan as planning
from bot.scheduling.delivery import OutboxWorker
from bot.scheduling.planner import plan_all
from bot.storage.tables import ClubRow
from tests.scheduling.harness import RecordingPoster

CLUB = ClubKey(Platform.CONSOLE, "w", "wm")
ADMIN = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "ada"), "Ada", True), "wm")


async def _watermark(services: Services, club_id: int) -> object:
    async with services.engine.connect() as connection:
        return (
            (
                await connection.execute(
                    ClubRow.__table__.select().where(ClubRow.id == club_id)  # type: ignore[attr-defined]
                )
            )
            .one()
            ._mapping["plan_due_at"]
        )


async def _pending(services: Services, club_id: int) -> dict[str, object]:
    async with services.deps.uow() as uow:
        return {
            e.key: e.due_at
            for e in await uow.outbox.entries(club_id)
            if e.status == OutboxStatus.PENDING
        }


async def _new_club(services: Services, clock: ManualClock) -> int:
    async with services.deps.uow() as uow:
        club = await uow.clubs.add(CLUB, "Club", ClubSettings(), clock.now())
        await uow.commit()
    return club.id


async def test_a_new_club_is_planned_once_then_left_alone_until_its_watermark(
    services: Services, clock: ManualClock
) -> None:
    club_id = await _new_club(services, clock)
    assert await plan_all(services.deps, clock.now()) == 1
    posts = await _pending(services, club_id)
    assert posts, "a new club's sessions and posts are planned at the first tick"
    watermark = await _watermark(services, club_id)
    assert watermark is not None and watermark > clock.now()
    assert await plan_all(services.deps, clock.now()) == 0, "nothing changed, nothing planned"
    assert await _pending(services, club_id) == posts

    clock.set(watermark)  # type: ignore[arg-type]
    assert await plan_all(services.deps, clock.now()) == 1


async def test_a_changed_club_is_planned_again_at_the_next_tick(
    services: Services, clock: ManualClock
) -> None:
    club_id = await _new_club(services, clock)
    await plan_all(services.deps, clock.now())
    before = await _pending(services, club_id)
    # A direct change to a session (as /club reschedule or another replica would make).
    async with services.deps.uow() as uow:
        session = (await uow.sessions.between(club_id, clock.now()))[1]
        await uow.sessions.update(session.__class__(**{
            **{f: getattr(session, f) for f in session.__slots__},  # type: ignore[attr-defined]
            "starts_at": session.starts_at + timedelta(hours=2),
        }))  # fmt: skip
        await uow.commit()
    assert await _watermark(services, club_id) is None
    assert await plan_all(services.deps, clock.now()) == 1
    after = await _pending(services, club_id)
    moved = [k for k in after if after[k] != before.get(k)]
    assert moved and all(f":session:{session.id}:" in k for k in moved)


async def test_a_rule_change_through_a_command_replans_the_club(
    services: Services, clock: ManualClock
) -> None:
    reply = await services.dispatcher.run_text("/club setup wed 18:00 UTC", ADMIN)
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
    assert club is not None, reply
    await plan_all(services.deps, clock.now())
    assert await plan_all(services.deps, clock.now()) == 0
    await services.dispatcher.run_text("/club set time 19:30", ADMIN)
    assert await plan_all(services.deps, clock.now()) == 1
    async with services.deps.uow() as uow:
        starts = [s.starts_at for s in await uow.sessions.between(club.id, clock.now())]
    assert starts and all(s.hour == 19 and s.minute == 30 for s in starts)


async def test_a_change_made_while_planning_keeps_the_club_due(
    services: Services, clock: ManualClock
) -> None:
    club_id = await _new_club(services, clock)
    async with services.deps.uow() as uow:
        (ticket,) = await uow.clubs.due_for_planning(clock.now())
    # Someone else changes the club after the planner listed it, before it records its plan.
    async with services.deps.uow() as uow:
        club = await uow.clubs.get_by_id(club_id)
        assert club is not None
        await uow.clubs.update(club)
        await uow.commit()
    async with services.deps.uow() as uow:
        assert not await uow.clubs.planned(ticket, clock.now() + timedelta(days=1))
        await uow.commit()
    async with services.deps.uow() as uow:
        assert [t.club_id for t in await uow.clubs.due_for_planning(clock.now())] == [club_id]


async def test_opening_a_vote_by_delivery_plans_its_closing_post(
    services: Services, clock: ManualClock
) -> None:
    await services.dispatcher.run_text("/club setup wed 18:00 UTC", ADMIN)
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
    assert club is not None
    await plan_all(services.deps, clock.now())
    await services.dispatcher.run_text("/vote open", ADMIN)
    # The poll was opened by a command: the club is due again and the closing post is planned.
    assert await plan_all(services.deps, clock.now()) == 1
    kinds = {k.rsplit(":", 1)[1] for k in await _pending(services, club.id)}
    assert PostKind.VOTE_CLOSED.value in kinds


def test_next_plan_due_is_the_first_session_end_or_the_safety_net() -> None:
    from datetime import UTC, datetime

    from bot.core.domain.clubs import Club
    from bot.core.domain.sessions import Session

    start = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
    club = Club(1, CLUB, "c", ClubSettings(), start - timedelta(days=30))
    # Nine weeks planned: the 8-week horizon reaches the tenth a week from now.
    sessions = [
        Session(n, 1, start + timedelta(weeks=n), 60, SessionStatus.PLANNED) for n in range(9)
    ]
    two_hours_before = start - timedelta(hours=2)
    assert planning.next_plan_due(club, sessions, two_hours_before, 8) == start + timedelta(hours=1)
    a_day_before = start - timedelta(days=1)
    safety = a_day_before + planning.PLAN_AT_LEAST_EVERY
    assert planning.next_plan_due(club, sessions, a_day_before, 8) == safety
    assert planning.next_plan_due(club, [], a_day_before, 8) == safety


async def test_run_due_sends_every_batch_once_and_each_club_in_due_order(
    services: Services, clock: ManualClock
) -> None:
    from bot.core.domain.outbox import PlannedPost
    from bot.core.views import Notice
    from bot.scheduling import viewcodec
    from bot.scheduling.delivery import DeliveryConfig

    now = clock.now()
    async with services.deps.uow() as uow:
        for c in range(7):
            club = await uow.clubs.add(
                ClubKey(Platform.CONSOLE, "w", f"c{c}"), "C", ClubSettings(paused=True), now
            )
            for n in range(5):
                due = now - timedelta(minutes=5 - n)
                post = PlannedPost(f"c{c}:{n}", club.id, None, PostKind.NOTICE, due, due)
                await uow.outbox.add(post, due, {"view": viewcodec.encode(Notice(f"{c}:{n}"))})
        await uow.commit()
    poster = RecordingPoster(clock)
    config = DeliveryConfig(batch=4, concurrency=3)
    worker = OutboxWorker(services.deps, {Platform.CONSOLE: poster}, config)
    assert await worker.run_due() == 35
    assert sorted(poster.keys()) == sorted(f"c{c}:{n}" for c in range(7) for n in range(5))
    for c in range(7):
        mine = [k for k in poster.keys() if k.startswith(f"c{c}:")]  # noqa: SIM118
        assert mine == [f"c{c}:{n}" for n in range(5)]
    assert await worker.run_due() == 0


def test_the_horizon_reaching_the_next_occurrence_is_a_watermark() -> None:
    from datetime import UTC, datetime

    from bot.core.domain.clubs import Club
    from bot.core.domain.sessions import Session

    start = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)  # a Wednesday, as the default rule
    club = Club(1, CLUB, "c", ClubSettings(), start - timedelta(days=30))
    # Planned exactly 8 weeks ahead, the last session is start + 7 weeks and the next
    # occurrence (start + 8 weeks) enters the horizon at `start`, before the first session ends.
    sessions = [
        Session(n, 1, start + timedelta(weeks=n), 60, SessionStatus.PLANNED) for n in range(8)
    ]
    assert planning.next_plan_due(club, sessions, start - timedelta(hours=2), 8) == start
