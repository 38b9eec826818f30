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
# Hooks that run beside the platforms (the scheduler, the HTTP server), same signature.
BACKGROUND: tuple[str, ...] = ("bot.scheduling.wakeups", "bot.httpserver")


def _runner(platform: str) -> ModuleType:
    try:
        return importlib.import_module(f"bot.adapters.{platform}.runner")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith(f"bot.adapters.{platform}"):
            raise PaperclubError(f"{platform} support is not part of this build.") from None
        raise


async def run_platforms(settings: Settings, platforms: Sequence[str]) -> None:
    runners = {name: _runner(name) for name in platforms}
    services = await build_services(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        tasks = [asyncio.create_task(runner.serve(services, stop)) for runner in runners.values()]
        tasks += [
            asyncio.create_task(importlib.import_module(name).serve(services, stop))
            for name in BACKGROUND
        ]
        platform_tasks = tasks[: len(runners)]
        # The bot stops when asked to, or when every platform has finished (console at EOF).
        waiter: asyncio.Future[Any] = asyncio.create_task(stop.wait())
        platforms_done: asyncio.Future[Any] = asyncio.gather(*platform_tasks)
        await asyncio.wait({waiter, platforms_done}, return_when=asyncio.FIRST_COMPLETED)
        stop.set()
        for task in tasks:
            if not task.done():
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(asyncio.shield(task), timeout=10)
        waiter.cancel()
        for task in tasks:
            if task.done() and not task.cancelled() and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]
    finally:
        await services.close()
