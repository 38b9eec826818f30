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

from bot.bootstrap import Services, build_services
from bot.core.domain.errors import PaperclubError
from bot.settings import Settings

log = logging.getLogger(__name__)

Serve = Callable[[Services, asyncio.Event], Awaitable[None]]
# Hooks that run beside the platforms, same signature: the scheduler always, the HTTP side
# (calendar feed, health, metrics) only when the bot serves a chat platform.
SCHEDULER = "bot.scheduling.wakeups"
HTTP = "bot.httpserver"


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
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    platform_tasks = [asyncio.create_task(r.serve(services, stop)) for r in runners.values()]
    background = [
        asyncio.create_task(importlib.import_module(name).serve(services, stop)) for name in hooks
    ]
    waiter = asyncio.create_task(stop.wait())
    try:
        # Run until asked to stop, until a platform fails, or until every platform has
        # finished (the console at the end of its input).
        pending: set[asyncio.Task[Any]] = {waiter, *platform_tasks}
        while True:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            failed = any(t.exception() is not None for t in done if t is not waiter)
            if waiter in done or failed or all(t.done() for t in platform_tasks):
                break
        stop.set()
        for task in [*platform_tasks, *background]:
            if not task.done():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(task), timeout=10)
        for task in [*platform_tasks, *background]:
            if task.done() and not task.cancelled() and (error := task.exception()) is not None:
                raise error
    finally:
        waiter.cancel()
        await services.close()
