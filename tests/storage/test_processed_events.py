"""Event de-duplication on the real databases: the first delivery wins, repeats are seen."""

from __future__ import annotations

from datetime import timedelta

from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.storage.events import first_time, first_times, forget_before


async def test_an_event_is_new_once_per_platform(services: Services, clock: ManualClock) -> None:
    now = clock.now()
    assert await first_time(services.engine, "slack", "Ev1", now)
    assert not await first_time(services.engine, "slack", "Ev1", now)
    assert await first_time(services.engine, "discord", "Ev1", now)
    assert await first_time(services.engine, "slack", "Ev2", now)


async def test_old_records_are_forgotten(services: Services, clock: ManualClock) -> None:
    old = clock.now()
    await first_time(services.engine, "slack", "EvOld", old)
    await first_time(services.engine, "slack", "EvNew", old + timedelta(hours=2))
    assert await forget_before(services.engine, old + timedelta(hours=1)) == 1
    assert await first_time(services.engine, "slack", "EvOld", old + timedelta(hours=3))
    assert not await first_time(services.engine, "slack", "EvNew", old + timedelta(hours=3))


async def test_a_batch_records_each_id_once(services: Services) -> None:
    now = services.deps.clock.now()
    assert await first_time(services.engine, "slack-request", "v0=seen", now)
    answers = await first_times(
        services.engine, "slack-request", ["v0=a", "v0=seen", "v0=a", "v0=b"], now
    )
    assert answers == [True, False, False, True]
    assert await first_times(services.engine, "slack-request", [], now) == []


async def test_forgetting_one_kind_keeps_the_others(services: Services) -> None:
    old = services.deps.clock.now() - timedelta(hours=2)
    await first_time(services.engine, "slack", "Ev1", old)
    await first_time(services.engine, "slack-request", "v0=1", old)
    assert await forget_before(services.engine, old + timedelta(hours=1), "slack-request") == 1
    assert not await first_time(services.engine, "slack", "Ev1", old)
    assert await first_time(services.engine, "slack-request", "v0=1", old)
