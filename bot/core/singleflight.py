"""Single flight: concurrent reads of the same key that have not started yet run once.

A caller joins a read only while it is still queued, so whatever it gets was read after it
arrived; nothing is kept once the read lands. A burst of a thousand commands that each need
the same row becomes a few queries instead of a thousand.

While a key's read runs, the next one waits for it to land before it starts, and everyone
arriving meanwhile joins that next read. So commands that arrive spread out (500 vote clicks a
second, each landing while another's read is under way) share reads too, instead of each
starting its own beside the running one: one read running and one queued per key at most,
for at most one read's wait more.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Flight(Generic[V]):
    """One queued read and everyone waiting for it; joinable until it starts.

    Each caller waits on a future of its own, answered when the read lands: a caller that gives
    up (is cancelled) cancels only its own future, never the read the others wait for. This is
    what `asyncio.shield` per caller did, at half the event-loop callbacks (a burst of 1,000
    votes passes three of these reads each)."""

    def __init__(
        self, read: Callable[[], Awaitable[V]], after: asyncio.Task[V] | None = None
    ) -> None:
        self.started = False
        self.waiters: list[asyncio.Future[V]] = []
        self.loop = asyncio.get_running_loop()
        self.task = self.loop.create_task(self._run(read, after))

    async def _run(self, read: Callable[[], Awaitable[V]], after: asyncio.Task[V] | None) -> V:
        if after is not None:
            # However it ends: its outcome is its own callers' (asyncio.wait never raises it).
            await asyncio.wait((after,))
        self.started = True
        return await read()

    def join(self) -> asyncio.Future[V]:
        waiter: asyncio.Future[V] = self.loop.create_future()
        self.waiters.append(waiter)
        return waiter

    def land(self, task: asyncio.Task[V]) -> None:
        if task.cancelled():
            for waiter in self.waiters:
                waiter.cancel()
            return
        exc = task.exception()  # retrieved here, even when every caller gave up
        for waiter in self.waiters:
            if waiter.done():  # its caller was cancelled meanwhile
                continue
            if exc is not None:
                waiter.set_exception(exc)
            else:
                waiter.set_result(task.result())


class SingleFlight(Generic[K, V]):
    """Concurrent reads of the same key that have not started yet run once."""

    def __init__(self) -> None:
        self._flights: dict[K, _Flight[V]] = {}

    async def run(self, key: K, read: Callable[[], Awaitable[V]]) -> V:
        return await self.join(key, read)

    def join(self, key: K, read: Callable[[], Awaitable[V]]) -> asyncio.Future[V]:
        """`run` as the caller's own future of the read's result, to await: a plain function,
        not a coroutine, so a burst of a thousand ballots resumes one frame fewer each."""
        flight = self._flights.get(key)
        loop = asyncio.get_running_loop()
        if flight is None or flight.started or flight.loop is not loop:
            # A read of this key under way (on this loop): the new one starts once it lands.
            running = flight.task if flight is not None and flight.loop is loop else None
            flight = self._flights[key] = _Flight(read, running)
            flight.task.add_done_callback(lambda task: self._land(key, flight, task))
        return flight.join()

    def _land(self, key: K, flight: _Flight[V], task: asyncio.Task[V]) -> None:
        if self._flights.get(key) is flight:
            del self._flights[key]
        flight.land(task)
