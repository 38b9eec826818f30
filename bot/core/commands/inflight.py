"""The commands (and platform handlers) running right now, so a stopping process can wait for them.

A process that closes its database while a command is in the middle of a query leaves that
command's connection with nobody to answer it: on SQLite the loop then waited for ever at exit.
So the shutdown path first lets what is under way finish, and only past a grace period cancels
it, and awaits the cancellation, before anything is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator

log = logging.getLogger(__name__)


class InFlight:
    """Tracks running work by a future per unit of work (not per task: one console task runs
    many commands in turn, and waiting for the task would wait for its next line)."""

    def __init__(self) -> None:
        self._running: dict[asyncio.Future[None], asyncio.Task[object] | None] = {}

    def __len__(self) -> int:
        return len(self._running)

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        finished = self.start()
        try:
            yield
        finally:
            self.finish(finished)

    def start(self) -> asyncio.Future[None]:
        """`running()` without the context manager, for the dispatcher's every command: pass
        what it returns to `finish`, in a `finally`."""
        finished: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._running[finished] = asyncio.current_task()
        return finished

    def finish(self, finished: asyncio.Future[None]) -> None:
        del self._running[finished]
        finished.set_result(None)

    async def drain(self, grace: float) -> None:
        """Wait up to ``grace`` seconds for the work under way, and for work that starts
        meanwhile (a platform still connected takes in what members send while it drains);
        then cancel what is left and wait (as long again at most) for it to unwind. Work
        started by the caller's own task is not waited for (it cannot finish while its task
        is here)."""
        me = asyncio.current_task()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace

        def others() -> dict[asyncio.Future[None], asyncio.Task[object] | None]:
            return {f: t for f, t in self._running.items() if t is not me}

        while (waiting := others()) and (left := deadline - loop.time()) > 0:
            await asyncio.wait(waiting, timeout=left)
        late = others()
        if not late:
            return
        log.warning("cancelling %d command(s) still running at shutdown", len(late))
        for task in late.values():
            if task is not None:
                task.cancel()
        _, stuck = await asyncio.wait(late, timeout=grace)
        if stuck:
            log.warning("%d command(s) did not stop after being cancelled", len(stuck))
