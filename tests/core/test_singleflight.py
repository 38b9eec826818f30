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
    """Its own, started once the running one landed: what it gets was read after it arrived."""
    flight: SingleFlight[str, int] = SingleFlight()
    gate = Gate()
    first = asyncio.create_task(flight.run("club", gate.read))
    await asyncio.sleep(0)
    await asyncio.sleep(0)  # the read has started: too late to join it
    assert gate.runs == 1
    second = asyncio.create_task(flight.run("club", gate.read))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert gate.runs == 1  # not beside the running read
    gate.open.set()
    assert [await first, await second] == [1, 2] and gate.runs == 2


async def test_callers_arriving_while_a_read_runs_share_the_next_one() -> None:
    """Clicks spread out in time, each arriving while another's read is under way: one read
    running and one queued, however many arrive."""
    flight: SingleFlight[str, int] = SingleFlight()
    gate = Gate()
    first = asyncio.create_task(flight.run("club", gate.read))
    await asyncio.sleep(0)
    await asyncio.sleep(0)  # running
    later = []
    for _ in range(5):
        later.append(asyncio.create_task(flight.run("club", gate.read)))
        await asyncio.sleep(0)  # one at a time, as spread-out arrivals come
    gate.open.set()
    assert await first == 1
    assert await asyncio.gather(*later) == [2] * 5
    assert gate.runs == 2


async def test_a_failed_running_read_does_not_fail_the_next_one() -> None:
    flight: SingleFlight[str, int] = SingleFlight()
    away, back = Gate(), Gate()
    away.fail = RuntimeError("database away")
    first = asyncio.create_task(flight.run("club", away.read))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    second = asyncio.create_task(flight.run("club", back.read))  # the database is back
    await asyncio.sleep(0)
    back.open.set()
    away.open.set()
    with pytest.raises(RuntimeError):
        await first
    assert await second == 1 and (away.runs, back.runs) == (1, 1)


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
