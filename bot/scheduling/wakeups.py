"""Waking the process when the next post is due, and the `serve` hook `paperclub run` starts.

APScheduler only wakes us: one DateTrigger job at the next due instant (a UTC instant read from
the database, so DST never enters into it) plus a periodic safety poll. Which post is sent, and
by whom, is decided by the outbox claims, so a lost or doubled wake-up is harmless. Everything
is rebuilt from the database at start.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import MutableMapping
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.bootstrap import Services
from bot.core.commands.context import Deps
from bot.core.domain.ids import Platform
from bot.core.domain.post_fate import PostPolicy
from bot.core.ports import EventMirror, Poster
from bot.scheduling.delivery import DeliveryConfig, OutboxWorker
from bot.scheduling.planner import plan_all
from bot.settings import Settings

log = logging.getLogger(__name__)

_NEXT_JOB = "outbox-next-due"
_POLL_JOB = "outbox-safety-poll"


def config_from(settings: Settings) -> DeliveryConfig:
    return DeliveryConfig(
        policy=PostPolicy(grace=timedelta(hours=settings.post_grace_hours)),
        stale_after=timedelta(seconds=settings.claim_timeout_seconds),
    )


class Wakeups:
    """Plans, delivers and arms the next wake-up. Tests call `tick()` with a manual clock."""

    def __init__(
        self,
        deps: Deps,
        posters: MutableMapping[Platform, Poster],
        config: DeliveryConfig | None = None,
        poll_every: timedelta = timedelta(minutes=1),
    ) -> None:
        self.deps = deps
        self.posters = posters
        self.worker = OutboxWorker(deps, posters, config)
        self.poll_every = poll_every
        self.scheduler: AsyncIOScheduler | None = None
        self.next_wake: datetime | None = None
        self._lock = asyncio.Lock()

    async def tick(self) -> int:
        """Deliver what is due, re-plan, and arm the next wake-up; returns posts sent."""
        async with self._lock:
            sent = 0
            try:
                # Before delivery too, so a command's change (a new club, a moved session)
                # counts at once rather than on the next tick.
                await plan_all(self.deps, self.deps.clock.now(), self.mirrors())
                sent = await self.worker.run_due()
                # After delivery: a vote that just opened needs its closing post planned.
                await plan_all(self.deps, self.deps.clock.now(), self.mirrors())
                self.next_wake = await self._next_due()
            except Exception:
                log.exception("scheduler tick failed; the safety poll will retry")
            self._arm()
            return sent

    def mirrors(self) -> frozenset[Platform]:
        """Platforms whose poster keeps sessions in their own calendar. Asked at every tick:
        the platforms register their posters after the scheduler starts."""
        return frozenset(p for p, poster in self.posters.items() if isinstance(poster, EventMirror))

    async def start(self) -> None:
        """Rebuild the plan from the database, catch up on anything due, then keep time."""
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self.scheduler.add_job(
            self.tick,
            IntervalTrigger(seconds=self.poll_every.total_seconds(), timezone="UTC"),
            id=_POLL_JOB,
            coalesce=True,
            max_instances=1,
        )
        self.scheduler.start()
        await self.tick()

    def shutdown(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.scheduler = None

    async def _next_due(self) -> datetime | None:
        async with self.deps.uow() as uow:
            return await uow.outbox.next_due(list(self.posters), self.worker.config.stale_after)

    def _arm(self) -> None:
        if self.scheduler is None or self.next_wake is None:
            return
        # No misfire limit: a wake-up that fires late must still fire; the claim decides.
        self.scheduler.add_job(
            self.tick,
            DateTrigger(run_date=self.next_wake, timezone="UTC"),
            id=_NEXT_JOB,
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )


async def serve(services: Services, stop: asyncio.Event) -> None:
    """Run beside the platforms until `stop` is set."""
    settings = services.settings
    wakeups = Wakeups(
        services.deps,
        services.posters,
        config_from(settings),
        poll_every=timedelta(seconds=settings.scheduler_poll_seconds),
    )
    # Let the platforms register their posters first; the safety poll picks up late ones.
    await asyncio.sleep(0)
    await wakeups.start()
    try:
        await stop.wait()
    finally:
        wakeups.shutdown()
