"""Single flight: callers of a queued read share it; one giving up leaves the others theirs."""

from __future__ import annotations

import asyncio
import gc

import pytest

from bot.core.singleflight import SingleFlight


class Gate:
    """A read that counts its runs and lands when the test opens the gate."""

    def __init__(self) -> None:
        self.runs = 0
        self.open = asyncio.Event()
        self.fail: Exception | None = None

    async def read(self) -> int:
        self.runs += 1
        await self.open.wait()
        if self.fail is not None:
            raise self.fail
        return self.runs


async def test_a_caller_that_gives_up_leaves_the_read_to_the_others() -> None:
    flight: SingleFlight[str, int] = SingleFlight()
    gate = Gate()
    callers = [asyncio.create_task(flight.run("club", gate.read)) for _ in range(3)]
    await asyncio.sleep(0)  # every caller has joined the one queued read
    callers[0].cancel()
    gate.open.set()
    done = await asyncio.gather(*callers, return_exceptions=True)
    assert isinstance(done[0], asyncio.CancelledError)
    assert done[1:] == [1, 1] and gate.runs == 1


async def test_a_failed_read_fails_each_caller_and_a_later_caller_reads_again() -> None:
    flight: SingleFlight[str, int] = SingleFlight()
    gate = Gate()
    gate.fail = RuntimeError("database away")
    callers = [asyncio.create_task(flight.run("club", gate.read)) for _ in range(2)]
    gate.open.set()
    for outcome in await asyncio.gather(*callers, return_exceptions=True):
        assert isinstance(outcome, RuntimeError)
    gate.fail = None
    assert await flight.run("club", gate.read) == 2


async def test_a_caller_arriving_after_the_read_started_gets_a_read_of_its_own() -> None:
    flight: SingleFlight[str, int] = SingleFlight()
    gate = Gate()
    first = asyncio.create_task(flight.run("club", gate.read))
    await asyncio.sleep(0)
    await asyncio.sleep(0)  # the read has started: too late to join it
    assert gate.runs == 1
    second = asyncio.create_task(flight.run("club", gate.read))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    gate.open.set()
    assert [await first, await second] == [2, 2] and gate.runs == 2


async def test_every_caller_giving_up_leaves_no_unretrieved_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    flight: SingleFlight[str, int] = SingleFlight()
    gate = Gate()
    gate.fail = RuntimeError("nobody is listening")
    caller = asyncio.create_task(flight.run("club", gate.read))
    await asyncio.sleep(0)
    caller.cancel()
    gate.open.set()
    with pytest.raises(asyncio.CancelledError):
        await caller
    await asyncio.sleep(0)
    gc.collect()
    assert "exception was never retrieved" not in caplog.text
