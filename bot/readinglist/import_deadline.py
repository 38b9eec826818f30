"""One deadline for all the lookups of an import, and the progress they report."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.core.domain.errors import InvalidInput
from bot.core.text import t

# All the lookups of one import together: 2,000 ids are 20 batched arXiv requests (a minute at one
# per 3 s); 200 titles searched one by one are 10 minutes. Past it, the rest are not looked up and
# are listed, so an import never hangs on a slow service. 13 minutes, not 15: a Discord interaction
# can be edited for 15 minutes after the command, and the import still has to be written and its
# report posted in that answer.
LOOKUP_DEADLINE = 780.0

Progress = Callable[[int, int], None]  # (looked up so far, to look up)

T = TypeVar("T")


class Deadline:
    """The lookups of one import share one deadline (on the event loop's monotonic clock: it
    measures a duration, and must not jump with the system time) and report their progress.

    The deadline runs from the first lookup, not from the import's start: it bounds the time spent
    waiting on services, so a slow database read before the lookups never eats into it."""

    def __init__(self, seconds: float, progress: Progress | None) -> None:
        self.seconds = seconds
        self.ends: float | None = None
        self.progress = progress
        self.total = 0
        self.done = 0

    def add(self, count: int) -> None:
        self.total += count
        if self.progress is not None and count:
            self.progress(self.done, self.total)

    def step(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)

    async def run(self, work: Awaitable[T]) -> T:
        """`work`'s result; past the deadline, InvalidInput saying so (`work` is cancelled)."""
        now = asyncio.get_running_loop().time()
        if self.ends is None:
            self.ends = now + self.seconds
        left = self.ends - now
        try:
            if left <= 0:
                raise TimeoutError
            return await asyncio.wait_for(work, left)
        except TimeoutError:
            if asyncio.iscoroutine(work):
                work.close()  # never started: closing it keeps Python from warning
            minutes = max(1, round(self.seconds / 60))
            raise InvalidInput(
                t(
                    "not looked up: the import's lookups ran past their {minutes}-minute deadline",
                    minutes=str(minutes),
                )
            ) from None
