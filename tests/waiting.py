"""Waiting in tests: for an event or for a state to show, never for a length of time.

`HANG` (shared with the fake platforms, `paperclub_fakes.bounds`) bounds a wait only so that a hang
fails with a message instead of stalling the run; no test fails for being slow.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from paperclub_fakes.bounds import HANG

T = TypeVar("T")

_POLL = 0.01


async def eventually(
    probe: Callable[[], Awaitable[T]], done: Callable[[T], object] = bool, *, what: str = ""
) -> T:
    """``probe()`` again and again until ``done`` accepts its value: for an effect of work that
    runs in another task (a gateway handler, Bolt after its ack) and that no event announces."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + HANG
    while True:
        value = await probe()
        if done(value):
            return value
        if loop.time() > deadline:
            raise AssertionError(f"{what or 'the expected state'} never showed; last {value!r}")
        await asyncio.sleep(_POLL)
