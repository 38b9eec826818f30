"""Running the bot: shared services plus the chosen platforms, on one event loop.

Each platform is registered in `bot.platforms` with a runner that checks its settings and
attaches it (its client, Poster and health probe, built but not connected). Every platform is
attached before anything starts; then the platforms run beside the scheduler (always) and the
HTTP side (calendar feed, health, metrics; only when the bot serves a chat platform), each
until `stop` is set (the console also ends with its input).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Sequence
from typing import Any

from bot import eventloop, httpserver
from bot.bootstrap import CLOSE_GRACE, build_services
from bot.core.domain.errors import PaperclubError
from bot.heap import freeze_startup_objects
from bot.platforms import Attached, PlatformRunner, register_admin_checks, runner_for
from bot.readinglist import backfill
from bot.scheduling import wakeups
from bot.settings import Settings

log = logging.getLogger(__name__)

# How long the platforms and hooks get to stop by themselves once asked (a tick under way
# finishes, the Slack server answers what it has taken in); then they are cancelled.
STOP_GRACE = 8.0


def check_credentials(settings: Settings, runners: Sequence[PlatformRunner]) -> None:
    """Refuse to start, before touching the database, when a platform lacks what it needs."""
    for runner in runners:
        problem = runner.missing_settings(settings)
        if problem:
            raise PaperclubError(problem)


async def run_platforms(settings: Settings, platforms: Sequence[str]) -> None:
    runners = {name: runner_for(name) for name in platforms}
    check_credentials(settings, list(runners.values()))
    services = await build_services(settings)
    stop = asyncio.Event()
    force = asyncio.Event()
    loop = asyncio.get_running_loop()
    # An operator reading the start-up log can tell which loop serves (uvloop unless absent).
    log.info("event loop: %s", eventloop.describe(loop))
    handled = _handle_signals(loop, stop, force)
    attached: dict[str, Attached] = {}
    try:
        # Every platform is attached (client, poster, health probe) before anything runs.
        for name, runner in runners.items():
            attached[name] = runner.attach(services)
        register_admin_checks(services.web, attached.values())
        freeze_startup_objects()
        posters = {a.platform: a.poster for a in attached.values()}
        health = {name: a.healthy for name, a in attached.items() if a.healthy is not None}
        platform_tasks = [asyncio.create_task(a.serve(stop)) for a in attached.values()]
        background = [
            asyncio.create_task(wakeups.serve(services, posters, stop)),
            # Imported papers' summaries and prompts, read from their text in the background.
            asyncio.create_task(backfill.serve(services, stop)),
        ]
        if set(platforms) - {"console"}:
            background.append(asyncio.create_task(httpserver.serve(services, health, stop)))
        tasks = [*platform_tasks, *background]
        try:
            await _until_stop(stop, platform_tasks)
        finally:
            # Also when we are cancelled: every task is stopped and awaited before the database
            # is closed, so none is left in the middle of a query.
            stop.set()
            await _settle(tasks, STOP_GRACE, force)
        for task in tasks:
            if task.done() and not task.cancelled() and (error := task.exception()) is not None:
                raise error
    finally:
        grace = 0 if force.is_set() else CLOSE_GRACE
        try:
            try:
                # What is under way is answered before the platforms' sessions close under it.
                await services.dispatcher.inflight.drain(grace)
            finally:
                await _close_platforms(list(attached.values()))
                await services.close(grace=grace)
        finally:
            # From here on a signal does what it does by default (SIGTERM ends the process),
            # so nothing after us can make the process deaf to it.
            for sig in handled:
                loop.remove_signal_handler(sig)


async def _close_platforms(attached: Sequence[Attached]) -> None:
    for platform in attached:
        if platform.close is not None:
            try:
                await platform.close()
            except Exception:  # the others and the database are still closed
                log.exception("closing %s failed", platform.platform.value)


def _handle_signals(
    loop: asyncio.AbstractEventLoop, stop: asyncio.Event, force: asyncio.Event
) -> list[signal.Signals]:
    """The first SIGINT/SIGTERM asks for a clean stop; a second one cuts the grace short."""

    def received(sig: signal.Signals) -> None:
        if stop.is_set():
            log.warning("second %s: stopping now", sig.name)
            force.set()
        else:
            log.info("%s received: stopping", sig.name)
            stop.set()

    handled = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, received, sig)
            handled.append(sig)
    return handled


async def _until_stop(stop: asyncio.Event, platform_tasks: list[asyncio.Task[None]]) -> None:
    """Until asked to stop, until a platform fails, or until every platform has finished (the
    console at the end of its input)."""
    waiter = asyncio.create_task(stop.wait())
    try:
        pending: set[asyncio.Task[Any]] = {waiter, *platform_tasks}
        while True:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            failed = any(t.exception() is not None for t in done if t is not waiter)
            if waiter in done or failed or all(t.done() for t in platform_tasks):
                return
    finally:
        waiter.cancel()


async def _settle(tasks: Sequence[asyncio.Task[None]], grace: float, force: asyncio.Event) -> None:
    """Give the tasks ``grace`` seconds to stop by themselves (less if ``force`` is set), then
    cancel the rest and wait for them to unwind."""
    pending = {t for t in tasks if not t.done()}
    if pending and not force.is_set():
        forced = asyncio.create_task(force.wait())
        deadline = asyncio.get_running_loop().time() + grace
        try:
            while pending and not force.is_set():
                left = deadline - asyncio.get_running_loop().time()
                if left <= 0:
                    break
                done, _ = await asyncio.wait(
                    {*pending, forced}, timeout=left, return_when=asyncio.FIRST_COMPLETED
                )
                pending -= done
        finally:
            forced.cancel()
    if not pending:
        return
    log.warning("cancelling %d task(s) that did not stop in time", len(pending))
    for task in pending:
        task.cancel()
    _, stuck = await asyncio.wait(pending, timeout=grace)
    if stuck:
        log.warning("%d task(s) did not stop after being cancelled", len(stuck))
