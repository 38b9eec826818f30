"""Event de-duplication on the real databases: the first delivery wins, repeats are seen."""

from __future__ import annotations

from datetime import timedelta

from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.storage.events import first_time, forget_before


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
