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
    """One queued read and everyone waiting for it; joinable until it starts."""

    def __init__(self, read: Callable[[], Awaitable[V]]) -> None:
        self.started = False
        self.task = asyncio.get_running_loop().create_task(self._run(read))

    async def _run(self, read: Callable[[], Awaitable[V]]) -> V:
        self.started = True
        return await read()


class SingleFlight(Generic[K, V]):
    """Concurrent reads of the same key that have not started yet run once."""

    def __init__(self) -> None:
        self._flights: dict[K, _Flight[V]] = {}

    async def run(self, key: K, read: Callable[[], Awaitable[V]]) -> V:
        flight = self._flights.get(key)
        if flight is None or flight.started or flight.task.get_loop() is not _loop():
            flight = self._flights[key] = _Flight(read)
            flight.task.add_done_callback(lambda _: self._land(key, flight))
        # Shielded: a caller that gives up does not cancel the read the others wait for.
        return await asyncio.shield(flight.task)

    def _land(self, key: K, flight: _Flight[V]) -> None:
        if self._flights.get(key) is flight:
            del self._flights[key]
        if not flight.task.cancelled():
            flight.task.exception()  # retrieved, even when every caller gave up


def _loop() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()
