"""A stopping process waits for the commands under way, then cancels what outlives the grace."""

from __future__ import annotations

import asyncio

from bot.core.commands.inflight import InFlight


async def test_drain_waits_for_work_under_way_and_for_work_started_meanwhile() -> None:
    inflight = InFlight()
    release = asyncio.Event()
    done: list[str] = []

    async def work(name: str, then: str | None = None) -> None:
        with inflight.running():
            await release.wait()
            if then is not None:
                asyncio.get_running_loop().create_task(work(then))
                await asyncio.sleep(0)  # the next one has started before this one finishes
            done.append(name)

    asyncio.get_running_loop().create_task(work("first", then="second"))
    await asyncio.sleep(0)
    draining = asyncio.ensure_future(inflight.drain(grace=30))
    await asyncio.sleep(0)
    assert not draining.done() and len(inflight) == 1
    release.set()
    await draining
    assert sorted(done) == ["first", "second"] and len(inflight) == 0


async def test_work_past_the_grace_is_cancelled_and_waited_for() -> None:
    inflight = InFlight()
    unwound = asyncio.Event()

    async def stuck() -> None:
        token = inflight.start()
        try:
            await asyncio.Event().wait()
        finally:
            unwound.set()
            inflight.finish(token)

    task = asyncio.get_running_loop().create_task(stuck())
    await asyncio.sleep(0)
    await inflight.drain(grace=0.01)
    assert task.cancelled() and unwound.is_set() and len(inflight) == 0


async def test_drain_does_not_wait_for_the_work_of_its_own_task() -> None:
    inflight = InFlight()
    with inflight.running():
        await inflight.drain(grace=30)  # returns at once: it would wait for itself
        assert len(inflight) == 1
    assert len(inflight) == 0
