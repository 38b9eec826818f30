"""Claims on a real database: concurrent and dead claimers, and the missed-while-down policy."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.outbox import OutboxStatus, PlannedPost, PostKind
from bot.core.domain.post_fate import PostPolicy
from bot.core.ports import Outgoing
from bot.core.views import Notice
from bot.scheduling import viewcodec
from bot.scheduling.delivery import DeliveryConfig, OutboxWorker
from bot.scheduling.wakeups import Wakeups
from tests.scheduling.harness import RecordingPoster

CLUB = ClubKey(Platform.CONSOLE, "w", "c")
ADMIN = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "ada"), "Ada", True), "c")
CONFIG = DeliveryConfig(PostPolicy(grace=timedelta(hours=6)), stale_after=timedelta(minutes=5))


async def nudges(services: Services, count: int, due: datetime) -> int:
    """`count` one-off posts with their view already built, due at `due`; returns the club id."""
    async with services.deps.uow() as uow:
        club = await uow.clubs.add(CLUB, "Club", ClubSettings(paused=True), due)
        for n in range(count):
            post = PlannedPost(f"test:{n}", club.id, None, PostKind.NOTICE, due, due)
            view = viewcodec.encode(Notice(f"post {n}"))
            await uow.outbox.add(post, due, {"view": view})
        await uow.commit()
        return club.id


async def statuses(services: Services, club_id: int) -> dict[str, OutboxStatus]:
    async with services.deps.uow() as uow:
        return {e.key: e.status for e in await uow.outbox.entries(club_id)}


async def test_many_concurrent_claimers_send_each_post_once(
    services: Services, clock: ManualClock
) -> None:
    club_id = await nudges(services, 30, clock.now())
    poster = RecordingPoster(clock)
    posters = {Platform.CONSOLE: poster}
    workers = [OutboxWorker(services.deps, posters, CONFIG, f"w{n}") for n in range(8)]
    sent = await asyncio.gather(*(w.run_due() for w in workers))
    assert sum(sent) == 30
    assert sorted(poster.keys()) == sorted(f"test:{n}" for n in range(30))
    assert set((await statuses(services, club_id)).values()) == {OutboxStatus.SENT}


async def test_a_dead_claim_is_taken_over_and_checked_with_the_platform_first(
    services: Services, clock: ManualClock
) -> None:
    club_id = await nudges(services, 2, clock.now())
    poster = RecordingPoster(clock)
    async with services.deps.uow() as uow:
        entries = await uow.outbox.entries(club_id)
        for entry in entries:
            assert await uow.outbox.claim(entry, "dead", clock.now(), clock.now())
        await uow.commit()
    # The dead process got the first one out before it died, but never marked it.
    view = viewcodec.decode(entries[0].payload["view"])
    await poster.post(Outgoing(entries[0].key, CLUB, PostKind.NOTICE, view))

    worker = OutboxWorker(services.deps, {Platform.CONSOLE: poster}, CONFIG, "alive")
    assert await worker.run_due() == 0  # the claims are fresh: hands off
    clock.advance(timedelta(minutes=6))
    await worker.run_due()
    assert sorted(poster.keys()) == ["test:0", "test:1"]
    assert set((await statuses(services, club_id)).values()) == {OutboxStatus.SENT}


async def test_late_posts_go_out_with_a_note_and_very_late_ones_are_missed(
    services: Services, clock: ManualClock
) -> None:
    poster = RecordingPoster(clock)
    wakeups = Wakeups(services.deps, {Platform.CONSOLE: poster}, CONFIG)
    await services.dispatcher.run_text("/club setup wed 18:00 UTC", ADMIN)
    await wakeups.tick()
    assert poster.kinds() == ["announcement"]

    # Down from before the reminder until 18:30: the start post is half an hour late.
    clock.set(datetime(2026, 11, 25, 18, 30, tzinfo=UTC))
    await wakeups.tick()
    assert poster.kinds() == ["announcement", "start"]
    assert poster.sent[-1].message.late_note is not None
    assert "was due Wed 25 Nov 2026, 18:00 UTC" in poster.sent[-1].message.late_note

    # Down again until the next morning: opening the vote 7 hours late is not worth it.
    clock.set(datetime(2026, 11, 26, 2, 0, tzinfo=UTC))
    await wakeups.tick()
    assert poster.kinds() == ["announcement", "start"]
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
        assert club is not None
        past = {
            e.kind: e.status for e in await uow.outbox.entries(club.id) if e.due_at < clock.now()
        }
    assert past == {
        "announcement": OutboxStatus.SENT,
        "reminder": OutboxStatus.MISSED,
        "start": OutboxStatus.SENT,
        "vote_open": OutboxStatus.MISSED,
    }
