"""The ProgressBoard of Discord and Slack: a command's progress as one message, edited in the
background no more often than the platform allows.

`show` only records the latest view; one task sends it when the message may be edited (after
the platform was answered: `open`), then waits `every` seconds before the next, so a burst of
progress becomes one edit. With a `budget` (Slack's response_url takes five uses), an edit is
spent only once the work has gone a further 1/budget of the way, so the few edits spread over
the whole import. `finish` stops the task, waiting for an edit already under way, so the
command's answer is always the last thing sent to the message.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from bot.core.views import View

log = logging.getLogger(__name__)

Edit = Callable[[View, str], Awaitable[None]]  # (view, language)


class ThrottledBoard:
    def __init__(self, edit: Edit, *, every: float, budget: int | None = None) -> None:
        self._edit = edit
        self.every = every
        self.budget = budget
        self.edits = 0  # sent so far
        self._latest: tuple[View, float, str] | None = None
        self._shown_done = -1.0
        self._wake = asyncio.Event()
        self._open = asyncio.Event()
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def show(self, view: View, *, done: float, language: str) -> None:
        if self._stop.is_set():
            return
        self._latest = (view, done, language)
        self._wake.set()
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._pump())

    def open(self) -> None:
        """The message can be edited now (Discord: the interaction was deferred)."""
        self._open.set()

    @property
    def used(self) -> bool:
        return self.edits > 0

    async def finish(self) -> None:
        self._stop.set()
        self._wake.set()
        self._open.set()
        if self._task is not None:
            await self._task

    def _due(self, done: float) -> bool:
        if self.budget is None or self.edits == 0:
            return True
        return done - self._shown_done >= 1.0 / self.budget

    async def _pump(self) -> None:
        await self._open.wait()
        while not self._stop.is_set():
            await self._wake.wait()
            self._wake.clear()
            latest = self._latest
            if self._stop.is_set() or latest is None or not self._due(latest[1]):
                continue
            view, done, language = latest
            try:
                await self._edit(view, language)
            except Exception:
                # Progress is a courtesy: the answer still comes, so a refused edit only ends
                # the progress.
                log.warning("could not show the command's progress", exc_info=True)
                return
            self.edits += 1
            self._shown_done = done
            if self.budget is not None and self.edits >= self.budget:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.every)
