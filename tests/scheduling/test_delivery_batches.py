"""Delivery in batches: claims and "sent" marks a statement per batch, each platform its own
request slots, and a claim that waited long renewed before it is sent."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import event

from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.outbox import OutboxStatus, PlannedPost, PostKind
from bot.core.ports import Outgoing
from bot.core.views import Notice
from bot.scheduling import viewcodec
from bot.scheduling.delivery import DeliveryConfig, OutboxWorker
from tests.scheduling.harness import RecordingPoster
from tests.waiting import HANG


async def _due_posts(services: Services, platform: Platform, clubs: int, each: int = 1) -> None:
    now = services.deps.clock.now()
    async with services.deps.uow() as uow:
        for c in range(clubs):
            key = ClubKey(platform, "w", f"{platform.value}-{c}")
            club = await uow.clubs.add(key, "C", ClubSettings(paused=True), now)
            for n in range(each):
                post = PlannedPost(
                    f"{key.channel_id}:{n}", club.id, None, PostKind.NOTICE, now, now
                )
                await uow.outbox.add(post, now, {"view": viewcodec.encode(Notice(f"{c}:{n}"))})
        await uow.commit()


@contextmanager
def _outbox_updates(services: Services) -> Iterator[list[str]]:
    """Every UPDATE of the outbox the engine runs while the block is open."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE OUTBOX"):
            seen.append(statement)

    engine = services.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def test_forty_posts_are_claimed_and_marked_sent_in_a_statement_each(
    services: Services, clock: ManualClock
) -> None:
    await _due_posts(services, Platform.CONSOLE, 40)
    poster = RecordingPoster(clock)
    worker = OutboxWorker(services.deps, {Platform.CONSOLE: poster}, DeliveryConfig(batch=100))
    with _outbox_updates(services) as updates:
        assert await worker.run_due() == 40
    assert sorted(poster.keys()) == sorted(f"console-{c}:0" for c in range(40))
    # Before: a claim and a mark per post, 80 statements. Now one claim for the batch, and
    # the marks of posts accepted together in one statement (how many together depends on
    # the interleaving, never one statement per post for a batch sent concurrently).
    assert len(updates) < 40, len(updates)
    async with services.deps.uow() as uow:
        clubs = await uow.clubs.all()
        statuses = {e.status for c in clubs for e in await uow.outbox.entries(c.id)}
    assert statuses == {OutboxStatus.SENT}


class BlockedPoster(RecordingPoster):
    """A platform that takes every request and answers none until released."""

    def __init__(self, clock: ManualClock) -> None:
        super().__init__(clock)
        self.release = asyncio.Event()
        self.waiting = 0

    async def post(self, message: Outgoing) -> str:
        self.waiting += 1
        await self.release.wait()
        return await super().post(message)


class CountingPoster(RecordingPoster):
    def __init__(self, clock: ManualClock, expected: int) -> None:
        super().__init__(clock)
        self.expected = expected
        self.all_in = asyncio.Event()

    async def post(self, message: Outgoing) -> str:
        found = await super().post(message)
        if len(self.sent) == self.expected:
            self.all_in.set()
        return found


async def test_posts_held_up_on_one_platform_leave_the_other_platforms_posts_going(
    services: Services, clock: ManualClock
) -> None:
    # Discord's posts come first in due order and all of its requests hang (a slow platform,
    # or posts waiting for its global bucket). Before, they took every request slot and no
    # Slack post went out until they were answered.
    await _due_posts(services, Platform.DISCORD, 12)
    await _due_posts(services, Platform.SLACK, 5)
    discord, slack = BlockedPoster(clock), CountingPoster(clock, expected=5)
    config = DeliveryConfig(batch=100, concurrency=4)
    worker = OutboxWorker(services.deps, {Platform.DISCORD: discord, Platform.SLACK: slack}, config)
    run = asyncio.create_task(worker.run_due())
    try:
        await asyncio.wait_for(slack.all_in.wait(), HANG)
        assert discord.waiting == 4  # Discord's own slots, no more
        assert not discord.sent
    finally:
        discord.release.set()
    assert await run == 17


class SlowPoster(RecordingPoster):
    """Each post takes the clock `step` forward, and another replica runs meanwhile."""

    def __init__(self, clock: ManualClock, step: timedelta) -> None:
        super().__init__(clock)
        self.step = step
        self.other: OutboxWorker | None = None

    async def post(self, message: Outgoing) -> str:
        found = await super().post(message)
        self.clock.advance(self.step)
        if self.other is not None:
            await self.other.run_due()
        return found


async def test_a_claim_that_waited_past_half_the_timeout_is_renewed_or_given_up_never_doubled(
    services: Services, clock: ManualClock
) -> None:
    # One club's four posts are claimed together and sent one after another, three minutes
    # each; the claim times out after five. Another replica looks in after every post: it may
    # take over only what this one no longer holds, and this one then leaves it alone.
    await _due_posts(services, Platform.CONSOLE, 1, each=4)
    config = DeliveryConfig(stale_after=timedelta(minutes=5))
    poster = SlowPoster(clock, timedelta(minutes=3))
    first = OutboxWorker(services.deps, {Platform.CONSOLE: poster}, config, "first")
    poster.other = OutboxWorker(services.deps, {Platform.CONSOLE: poster}, config, "second")
    await first.run_due()
    keys = poster.keys()
    assert sorted(keys) == [f"console-0:{n}" for n in range(4)], keys
    async with services.deps.uow() as uow:
        (club,) = await uow.clubs.all()
        entries = await uow.outbox.entries(club.id)
    assert {e.status for e in entries} == {OutboxStatus.SENT}
