"""An import's (done, total) lookups as the core's ImportProgress, with the time left estimated.

Before two lookups are done the estimate is arXiv's pace (one request every 3 s, the slowest
budget a lookup waits for); after, the pace so far, which counts the batches, the cache and the
services' own speed. Measured on the event loop's monotonic clock: a duration, which must not
jump with the system time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.core.ports import ImportProgress
from bot.readinglist.lookup.politeness import ARXIV


class LookupPace:
    def __init__(
        self,
        report: Callable[[ImportProgress], None],
        *,
        first_guess: float = ARXIV.min_interval,
        monotonic: Callable[[], float] | None = None,
    ) -> None:
        self._report = report
        self._first_guess = first_guess
        self._monotonic = monotonic or asyncio.get_running_loop().time
        self._started: float | None = None

    def __call__(self, done: int, total: int) -> None:
        now = self._monotonic()
        if self._started is None:
            self._started = now
        each = (now - self._started) / done if done >= 2 else self._first_guess
        self._report(ImportProgress(done, total, max(0, total - done) * each))
