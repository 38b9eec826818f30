"""Raw durable single-row inserts: the floor the vote path is compared against.

Each insert is its own transaction (BEGIN, INSERT, COMMIT) through the bot's own async engine,
with the same pragmas and pool, on a table made for the purpose in the scratch database.
"""

from __future__ import annotations

import time

from sqlalchemy import text

from bot.bench.common import bench_services
from bot.bench.results import Figure, Row
from bot.bench.stats import rate

RATIO_TARGET = 0.5


async def measure(url: str, count: int, vote_rate: float) -> Row:
    row = Row("inserts", f"{count:,} raw durable single-row inserts, one transaction each")
    async with bench_services(url, load_papers=False) as services:
        engine = services.engine
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "CREATE TABLE bench_inserts (id INTEGER PRIMARY KEY, member VARCHAR(64), "
                    "choice INTEGER, cast_at VARCHAR(40))"
                )
            )
        statement = text(
            "INSERT INTO bench_inserts (id, member, choice, cast_at) VALUES (:id, :m, :c, :t)"
        )
        started = time.perf_counter()
        for n in range(count):
            async with engine.begin() as connection:
                await connection.execute(
                    statement, {"id": n, "m": f"m{n:06d}", "c": n % 7, "t": "2026-11-24T09:00"}
                )
        wall = time.perf_counter() - started
    inserts_per_s = rate(count, wall)
    row.add(Figure("inserts", inserts_per_s, "rows/s"))
    ratio = vote_rate / inserts_per_s if inserts_per_s else 0.0
    row.add(Figure("vote rate / insert rate", ratio, "×", RATIO_TARGET, at_most=False))
    row.notes.append("sequential: one connection, BEGIN/INSERT/COMMIT per row")
    return row
