"""10,000 and 100,000 clubs: rebuild the schedule at start, as `Wakeups.start()` does first.

The clubs are already planned (a restart, not a first start), each a different weekday, hour and
zone; one in a hundred changed while the bot was down. What is timed is one `Wakeups.tick()`:
plan what needs planning, deliver what is due (nothing is), and find the next wake-up. It runs
twice on the same state, once for time and once under tracemalloc for the memory peak, because
tracemalloc slows Python code down several times.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from typing import Any

from sqlalchemy import update

from bot.bench.common import T0, bench_services
from bot.bench.memory import probe
from bot.bench.results import Figure, Row
from bot.bench.seed_clubs import seed, settle
from bot.core.domain.ids import Platform
from bot.core.ports import Outgoing, Poster
from bot.scheduling.wakeups import Wakeups
from bot.storage.engine import is_sqlite
from bot.storage.tables import ClubRow

TARGET_S = 2.0
CHANGED_EVERY = 100
# The hosted scale, its own row (`schedule_100k`) so the 10,000 row stays comparable.
LARGE_CLUBS = 100_000
LARGE_TARGET_S = 5.0
LARGE_TARGET_MIB = 300.0


class NullPoster:
    """Accepts every post at once: this measurement is about planning, not sending."""

    async def post(self, message: Outgoing) -> str:
        return message.key

    async def find_posted(self, message: Outgoing) -> str | None:
        return None


async def measure(url: str, clubs: int) -> Row:
    """The 10,000-club row."""
    row = Row("schedule", f"{clubs:,} clubs: rebuild the schedule at start")
    return await _measure(row, url, clubs, TARGET_S, None)


async def measure_large(url: str, clubs: int) -> Row:
    """The 100,000-club row: the same start-up, a memory target, the seed's time, and the
    resident memory of a fresh bot process serving these clubs (the memory row's probe)."""
    row = Row("schedule_100k", f"{clubs:,} clubs: rebuild the schedule at start, and memory")
    await _measure(row, url, clubs, LARGE_TARGET_S, LARGE_TARGET_MIB)
    if sys.platform.startswith("linux"):
        found = await probe(url)
        row.add(Figure("resident after start", found["rss_mib"], "MiB"))
        row.add(Figure("peak resident", found["hwm_mib"], "MiB"))
    return row


async def _measure(
    row: Row, url: str, clubs: int, target_s: float, target_mib: float | None
) -> Row:
    async with bench_services(url, load_papers=False) as services:
        weeks = services.deps.plan_weeks
        started = time.perf_counter()
        rows = seed(url, clubs, T0, weeks, CHANGED_EVERY, settled=False)
        seeded = time.perf_counter() - started
        row.notes.append(f"seeded {rows:,} rows in {seeded:.1f} s (untimed)")
        if not is_sqlite(url):
            began = time.perf_counter()
            settle(url)
            row.notes.append(
                f"then VACUUM (ANALYZE) and CHECKPOINT, as a database running a while has had "
                f"them: {time.perf_counter() - began:.1f} s (untimed)"
            )
        platforms = (Platform.DISCORD, Platform.SLACK)
        posters: dict[Platform, Poster] = {p: NullPoster() for p in platforms}

        async def start() -> tuple[float, float]:
            wakeups = Wakeups(services.deps, posters)
            began, cpu = time.perf_counter(), time.process_time()
            await wakeups.tick()  # what start() runs before arming the scheduler
            if wakeups.next_wake is None:
                raise RuntimeError("the rebuilt schedule has no next wake-up")
            return time.perf_counter() - began, time.process_time() - cpu

        seconds, cpu = await start()
        await _mark_changed_again(services, clubs)
        tracemalloc.start()
        try:
            await start()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    row.add(Figure("start-up", seconds, "s", target_s))
    # This process's CPU (the loop and SQLite's driver thread, not PostgreSQL's server): on a
    # shared machine the wall time above is mostly waiting for a core.
    row.add(Figure("start-up CPU", cpu, "s"))
    row.add(Figure("memory peak", peak / 2**20, "MiB", target_mib))
    if target_mib is not None:  # the seed's own figure, where it used to be the obstacle
        row.add(Figure("seed", rows / seeded, "rows/s"))
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
