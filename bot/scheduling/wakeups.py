"""Waking the process when the next post is due, and the `serve` hook `paperclub run` starts.

APScheduler only wakes us: one DateTrigger job at the next due instant (a UTC instant read from
the database, so DST never enters into it) plus a periodic safety poll. Which post is sent, and
by whom, is decided by the outbox claims, so a lost or doubled wake-up is harmless. Everything
is rebuilt from the database at start.

The jobs only raise a flag; the ticks run in one task of ours. APScheduler's asyncio executor
cancels the coroutines it is running when it shuts down (and logs each at ERROR): a tick
cancelled mid-query left SQLite's connection waiting on a task that no longer existed, and the
process hung. Owning the task, `stop()` lets a tick under way finish, and what was due but not
begun stays pending in the outbox for the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

from apscheduler.executors.debug import DebugExecutor
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
# How long a stopping process lets a tick under way finish (its claims, posts and records)
# before it cancels it; the statement timeouts keep a tick's queries shorter than this.
STOP_GRACE = timedelta(seconds=5)


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
        posters: Mapping[Platform, Poster],
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
        self._due = asyncio.Event()  # set by the scheduler's jobs: "tick now"
        self._stopping = False
        self._runner: asyncio.Task[None] | None = None

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
        """Platforms whose poster keeps sessions in their own calendar."""
        return frozenset(p for p, poster in self.posters.items() if isinstance(poster, EventMirror))

    async def start(self) -> None:
        """Rebuild the plan from the database, catch up on anything due, then keep time."""
        # The debug executor calls a job in the scheduler's own callback, on the loop: a job
        # here only sets a flag, so there is never a job for the scheduler to cancel.
        self.scheduler = AsyncIOScheduler(timezone="UTC", executors={"default": DebugExecutor()})
        self.scheduler.add_job(
            self._wake,
            IntervalTrigger(seconds=self.poll_every.total_seconds(), timezone="UTC"),
            id=_POLL_JOB,
            coalesce=True,
        )
        self.scheduler.start()
        self._stopping = False
        self._runner = asyncio.create_task(self._run(), name="paperclub-wakeups")
        self._wake()  # the first tick rebuilds the plan and delivers what fell due while away

    async def stop(self, grace: timedelta = STOP_GRACE) -> None:
        """Stop waking. A tick under way may finish (up to ``grace``, then it is cancelled and
        awaited); nothing new starts, and due posts not yet claimed wait for the next start."""
        self._stopping = True
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.scheduler = None
        runner, self._runner = self._runner, None
        if runner is None:
            return
        self._due.set()  # let an idle runner see that we are stopping
        try:
            await asyncio.wait_for(asyncio.shield(runner), grace.total_seconds())
        except TimeoutError:
            log.warning("a scheduler tick outlived the shutdown grace; cancelling it")
            runner.cancel()
            # Awaited before anyone closes the engine: the cancelled tick's connection must be
            # given back while the database driver can still answer.
            with contextlib.suppress(asyncio.CancelledError):
                await runner

    def _wake(self) -> None:
        self._due.set()

    async def _run(self) -> None:
        while True:
            await self._due.wait()
            self._due.clear()
            if self._stopping:
                return
            await self.tick()

    async def _next_due(self) -> datetime | None:
        async with self.deps.uow() as uow:
            return await uow.outbox.next_due(list(self.posters), self.worker.config.stale_after)

    def _arm(self) -> None:
        if self.scheduler is None or self.next_wake is None:
            return
        # No misfire limit: a wake-up that fires late must still fire; the claim decides.
        self.scheduler.add_job(
            self._wake,
            DateTrigger(run_date=self.next_wake, timezone="UTC"),
            id=_NEXT_JOB,
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )


async def serve(
    services: Services, posters: Mapping[Platform, Poster], stop: asyncio.Event
) -> None:
    """Run beside the platforms until `stop` is set; `posters` are every platform's, attached
    before this starts, so the first tick already delivers to all of them."""
    settings = services.settings
    wakeups = Wakeups(
        services.deps,
        posters,
        config_from(settings),
        poll_every=timedelta(seconds=settings.scheduler_poll_seconds),
    )
    await wakeups.start()
    try:
        await stop.wait()
    finally:
        await wakeups.stop()
