"""The commands (and platform handlers) running right now, so a stopping process can wait for them.

A process that closes its database while a command is in the middle of a query leaves that
command's connection with nobody to answer it: on SQLite the loop then waited for ever at exit.
So the shutdown path first lets what is under way finish, and only past a grace period cancels
it, and awaits the cancellation, before anything is closed.
"""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)


class InFlight:
    """Tracks running work by a token per unit of work (not per task: one console task runs
    many commands in turn, and waiting for the task would wait for its next line).

    A token is a plain number, not a future: every command and platform handler starts and
    finishes one, and only a stopping process ever waits, so only a waiting `drain` makes a
    future, and each finish answers it."""

    def __init__(self) -> None:
        self._running: dict[int, asyncio.Task[object] | None] = {}
        self._next = 0
        self._draining: list[asyncio.Future[None]] = []  # woken by every finish

    def __len__(self) -> int:
        return len(self._running)

    def running(self) -> _Running:
        return _Running(self)

    def start(self) -> int:
        """`running()` without the context manager, for the dispatcher's every command: pass
        what it returns to `finish`, in a `finally`."""
        self._next = token = self._next + 1
        self._running[token] = asyncio.current_task()
        return token

    def finish(self, token: int) -> None:
        del self._running[token]
        if self._draining:
            for waiter in self._draining:
                if not waiter.done():
                    waiter.set_result(None)

    async def drain(self, grace: float) -> None:
        """Wait up to ``grace`` seconds for the work under way, and for work that starts
        meanwhile (a platform still connected takes in what members send while it drains);
        then cancel what is left and wait (as long again at most) for it to unwind. Work
        started by the caller's own task is not waited for (it cannot finish while its task
        is here)."""
        me = asyncio.current_task()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace

        def others() -> dict[int, asyncio.Task[object] | None]:
            return {n: t for n, t in self._running.items() if t is not me}

        while others() and (left := deadline - loop.time()) > 0:
            await self._a_finish(left)
        late = others()
        if not late:
            return
        log.warning("cancelling %d command(s) still running at shutdown", len(late))
        for task in late.values():
            if task is not None:
                task.cancel()
        deadline = loop.time() + grace
        while (stuck := late.keys() & self._running.keys()) and (
            left := deadline - loop.time()
        ) > 0:
            await self._a_finish(left)
        if stuck:
            log.warning("%d command(s) did not stop after being cancelled", len(stuck))

    async def _a_finish(self, at_most: float) -> None:
        """Until any unit of work finishes, or `at_most` seconds."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._draining.append(waiter)
        try:
            await asyncio.wait((waiter,), timeout=at_most)
        finally:
            self._draining.remove(waiter)


class _Running:
    """`InFlight.running()`: a class, not a generator-based context manager, as every platform
    handler enters one (a click of a burst)."""

    __slots__ = ("_inflight", "_token")

    def __init__(self, inflight: InFlight) -> None:
        self._inflight = inflight
        self._token = 0

    def __enter__(self) -> None:
        self._token = self._inflight.start()

    def __exit__(self, *exc: object) -> None:
        self._inflight.finish(self._token)
