"""10,000 clubs: rebuild the schedule at start, as `Wakeups.start()` does before it first sleeps.

The clubs are already planned (a restart, not a first start), each a different weekday, hour and
zone; one in a hundred changed while the bot was down. What is timed is one `Wakeups.tick()`:
plan what needs planning, deliver what is due (nothing is), and find the next wake-up. It runs
twice on the same state, once for time and once under tracemalloc for the memory peak, because
tracemalloc slows Python code down several times.
"""

from __future__ import annotations

import time
import tracemalloc
from typing import Any

from sqlalchemy import update

from bot.bench.common import T0, bench_services
from bot.bench.results import Figure, Row
from bot.bench.seed_clubs import seed
from bot.core.domain.ids import Platform
from bot.core.ports import Outgoing, Poster
from bot.scheduling.wakeups import Wakeups
from bot.storage.tables import ClubRow

TARGET_S = 2.0
CHANGED_EVERY = 100


class NullPoster:
    """Accepts every post at once: this measurement is about planning, not sending."""

    async def post(self, message: Outgoing) -> str:
        return message.key

    async def find_posted(self, message: Outgoing) -> str | None:
        return None


async def measure(url: str, clubs: int) -> Row:
    row = Row("schedule", f"{clubs:,} clubs: rebuild the schedule at start")
    async with bench_services(url, load_papers=False) as services:
        weeks = services.deps.plan_weeks
        started = time.perf_counter()
        rows = seed(url, clubs, T0, weeks, CHANGED_EVERY)
        row.notes.append(f"seeded {rows:,} rows in {time.perf_counter() - started:.1f} s (untimed)")
        platforms = (Platform.DISCORD, Platform.SLACK)
        posters: dict[Platform, Poster] = {p: NullPoster() for p in platforms}

        async def start() -> float:
            wakeups = Wakeups(services.deps, posters)
            began = time.perf_counter()
            await wakeups.tick()  # what start() runs before arming the scheduler
            if wakeups.next_wake is None:
                raise RuntimeError("the rebuilt schedule has no next wake-up")
            return time.perf_counter() - began

        seconds = await start()
        await _mark_changed_again(services, clubs)
        tracemalloc.start()
        try:
            await start()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    row.add(Figure("start-up", seconds, "s", TARGET_S))
    row.add(Figure("memory peak", peak / 2**20, "MiB"))
    row.notes.append(f"{clubs // CHANGED_EVERY:,} clubs changed while down, the rest planned ahead")
    return row


async def _mark_changed_again(services: Any, clubs: int) -> None:
    """Put the state back as it was before the first run, so both runs do the same work."""
    column = getattr(ClubRow, "plan_due_at", None)
    if column is None:
        return
    async with services.engine.begin() as connection:
        await connection.execute(
            update(ClubRow).where((ClubRow.id - 1) % CHANGED_EVERY == 0).values(plan_due_at=None)
        )
