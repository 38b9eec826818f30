"""Group commit: many callers' writes go to storage in one transaction per batch.

A burst of commands that each commit on their own pays one transaction (and, on SQLite, one
turn at the single writer) per command. Here callers queue an item and wait; one flusher task
per process takes everything queued so far (up to `max_batch`), hands it to `flush` — which
writes it all in one transaction — and only then answers each caller. While a batch is being
written the next one fills up, so batches grow with the load and a lone caller waits for no
timer.

`flush` gets the items in arrival order and returns one result per item; an exception among
them fails that item's caller alone. If `flush` raises, every caller in that batch gets the
exception (the transaction rolled back: nothing was written for
any of them) and the flusher carries on with the next batch.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

Flush = Callable[[Sequence[T]], Awaitable[Sequence[R | Exception]]]


class GroupCommit(Generic[T, R]):
    def __init__(self, flush: Flush[T, R], *, max_batch: int = 500, name: str = "batch") -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        self._flush = flush
        self._max_batch = max_batch
        self._name = name
        self._pending: list[tuple[T, asyncio.Future[R]]] = []
        # Made on first use, on the loop that uses them: nothing runs at import or construction.
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._flusher: asyncio.Task[None] | None = None
        self._closing = False

    def submit(self, item: T) -> asyncio.Future[R]:
        """Queue `item`; the future's result comes once the batch holding it is committed.

        A plain function handing back the caller's future, not a coroutine awaiting it: each
        caller of a burst then resumes one frame fewer when its batch lands."""
        if self._closing:
            raise RuntimeError(f"{self._name}: closed")
        wake = self._ensure_flusher()
        assert self._loop is not None
        future: asyncio.Future[R] = self._loop.create_future()
        self._pending.append((item, future))
        wake.set()
        return future

    async def aclose(self) -> None:
        """Write what is queued, then stop the flusher. Later submits are refused."""
        self._closing = True
        flusher = self._flusher
        if flusher is None or flusher.done():
            return
        if self._wake is not None:
            self._wake.set()
        await flusher

    def _ensure_flusher(self) -> asyncio.Event:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            # A new loop (tests run one per test): whatever belonged to the old one is gone.
            self._loop, self._wake, self._flusher = loop, asyncio.Event(), None
        assert self._wake is not None
        if self._flusher is None or self._flusher.done():
            self._flusher = loop.create_task(self._run(self._wake), name=f"{self._name}-flusher")
        return self._wake

    async def _run(self, wake: asyncio.Event) -> None:
        while True:
            if not self._pending:
                if self._closing:
                    return
                wake.clear()
                await wake.wait()
                continue
            batch = self._pending[: self._max_batch]
            del self._pending[: self._max_batch]
            await self._write(batch)

    async def _write(self, batch: list[tuple[T, asyncio.Future[R]]]) -> None:
        try:
            results = await self._flush([item for item, _ in batch])
            if len(results) != len(batch):
                raise RuntimeError(f"{self._name}: {len(results)} results for {len(batch)} items")
        except asyncio.CancelledError:
            # The loop is shutting down: nobody in this batch may be told it was stored.
            for _, future in batch:
                future.cancel()
            raise
        except Exception as exc:
            # Only this batch fails; the flusher lives on for the callers still queued.
            log.warning("%s of %d failed: %r", self._name, len(batch), exc)
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for (_, future), result in zip(batch, results, strict=True):
            if future.done():  # a caller that gave up (cancelled) needs no answer
                continue
            if isinstance(result, Exception):
                future.set_exception(result)
            else:
                future.set_result(result)
