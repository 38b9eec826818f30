"""Running the bot: shared services plus the chosen platforms, on one event loop.

Each platform is a module `bot.adapters.<name>.runner` with
`async def serve(services: Services, stop: asyncio.Event) -> None`, which runs until `stop` is set
(or, for the console, until its input ends) and registers its Poster in `services.posters`.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import signal
from collections.abc import Awaitable, Callable, Sequence
from types import ModuleType
from typing import Any

from bot.bootstrap import CLOSE_GRACE, Services, build_services
from bot.core.domain.errors import PaperclubError
from bot.settings import Settings

log = logging.getLogger(__name__)

Serve = Callable[[Services, asyncio.Event], Awaitable[None]]
# Hooks that run beside the platforms, same signature: the scheduler always, the HTTP side
# (calendar feed, health, metrics) only when the bot serves a chat platform.
SCHEDULER = "bot.scheduling.wakeups"
HTTP = "bot.httpserver"
# How long the platforms and hooks get to stop by themselves once asked (a tick under way
# finishes, the Slack server answers what it has taken in); then they are cancelled.
STOP_GRACE = 8.0


def _runner(platform: str) -> ModuleType:
    try:
        return importlib.import_module(f"bot.adapters.{platform}.runner")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith(f"bot.adapters.{platform}"):
            raise PaperclubError(f"{platform} support is not part of this build.") from None
        raise


def check_credentials(settings: Settings, runners: dict[str, ModuleType]) -> None:
    """Refuse to start, before touching the database, when a platform lacks what it needs."""
    for runner in runners.values():
        missing = getattr(runner, "missing_settings", None)
        problem = missing(settings) if missing is not None else None
        if problem:
            raise PaperclubError(problem)


async def run_platforms(settings: Settings, platforms: Sequence[str]) -> None:
    runners = {name: _runner(name) for name in platforms}
    check_credentials(settings, runners)
    hooks = [SCHEDULER] + ([HTTP] if set(platforms) - {"console"} else [])
    services = await build_services(settings)
    stop = asyncio.Event()
    force = asyncio.Event()
    loop = asyncio.get_running_loop()
    handled = _handle_signals(loop, stop, force)
    try:
        platform_tasks = [asyncio.create_task(r.serve(services, stop)) for r in runners.values()]
        background = [
            asyncio.create_task(importlib.import_module(name).serve(services, stop))
            for name in hooks
        ]
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
        try:
            await services.close(grace=0 if force.is_set() else CLOSE_GRACE)
        finally:
            # From here on a signal does what it does by default (SIGTERM ends the process),
            # so nothing after us can make the process deaf to it.
            for sig in handled:
                loop.remove_signal_handler(sig)


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
