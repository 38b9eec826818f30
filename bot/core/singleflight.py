"""Single flight: concurrent reads of the same key that have not started yet run once.

A caller joins a read only while it is still queued, so whatever it gets was read after it
arrived; nothing is kept once the read lands. A burst of a thousand commands that each need
the same row becomes a few queries instead of a thousand.
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

    def __init__(self, read: Callable[[], Awaitable[V]]) -> None:
        self.started = False
        self.waiters: list[asyncio.Future[V]] = []
        self.loop = asyncio.get_running_loop()
        self.task = self.loop.create_task(self._run(read))

    async def _run(self, read: Callable[[], Awaitable[V]]) -> V:
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
        flight = self._flights.get(key)
        if flight is None or flight.started or flight.loop is not asyncio.get_running_loop():
            flight = self._flights[key] = _Flight(read)
            flight.task.add_done_callback(lambda task: self._land(key, flight, task))
        return await flight.join()

    def _land(self, key: K, flight: _Flight[V], task: asyncio.Task[V]) -> None:
        if self._flights.get(key) is flight:
            del self._flights[key]
        flight.land(task)
