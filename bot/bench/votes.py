"""1,000 distinct members voting at once, through the dispatcher, as every adapter calls it."""

from __future__ import annotations

import asyncio
import random
import time

from sqlalchemy import func, select

from bot.bench.common import SEED, bench_services, context
from bot.bench.results import Figure, Row
from bot.bench.stats import percentile, rate
from bot.core.domain.ids import ClubKey, Platform
from bot.core.views import Notice, PollView, Tone
from bot.heap import serving_heap
from bot.storage.tables import BallotRow

CLUB = ClubKey(Platform.CONSOLE, "bench", "vote-burst")
P99_TARGET_MS = 100.0


async def measure(url: str, voters: int) -> tuple[Row, float]:
    """The vote row, and the vote rate for the insert comparison."""
    row = Row("votes", f"{voters:,} distinct members voting at once (Dispatcher.run_text /vote)")
    async with bench_services(url) as services:
        dispatcher = services.dispatcher
        admin = context(CLUB, 0, admin=True)
        for line in ("/club setup wed 18:00 UTC", "/vote open"):
            reply = await dispatcher.run_text(line, admin)
            if line == "/vote open" and not isinstance(reply.view, PollView):
                raise RuntimeError(f"the bench could not open a vote: {reply.view}")
        assert isinstance(reply.view, PollView)
        choices = len(reply.view.candidates)
        pick = random.Random(SEED)
        lines = [f"/vote {pick.randint(1, choices)}" for _ in range(voters)]

        async def vote(n: int) -> tuple[float, bool]:
            started = time.perf_counter()
            answer = await dispatcher.run_text(lines[n - 1], context(CLUB, n))
            elapsed = time.perf_counter() - started
            view = answer.view
            return elapsed, isinstance(view, Notice) and view.tone == Tone.SUCCESS

        # As `paperclub run` serves once it has started; undone after the burst, so the rows
        # measured after this one in the same process start from the same heap as before.
        with serving_heap():
            started, cpu = time.perf_counter(), time.process_time()
            # All at once: every member's command is in flight before the first is answered.
            outcomes = await asyncio.gather(*(vote(n) for n in range(1, voters + 1)))
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        async with services.engine.connect() as connection:
            stored = await connection.scalar(select(func.count()).select_from(BallotRow))

    acked = sum(ok for _, ok in outcomes)
    latencies = [seconds * 1000 for seconds, ok in outcomes if ok]
    votes_per_s = rate(acked, wall)
    row.add(Figure("acked", acked, f"of {voters}", float(voters), at_most=False))
    row.add(Figure("ballots stored", float(stored or 0), "rows", float(acked), at_most=False))
    row.add(Figure("p50 ack", percentile(latencies, 50), "ms"))
    row.add(Figure("p99 ack", percentile(latencies, 99), "ms", P99_TARGET_MS))
    row.add(Figure("throughput", votes_per_s, "votes/s"))
    # The process's CPU (the loop and the database driver's thread) over the burst, per vote:
    # what bounds the p99 when every vote queues behind the others on one CPython loop.
    row.add(Figure("CPU per vote", cpu / voters * 1000, "ms"))
    row.notes.append(
        f"burst of {voters} concurrent /vote commands on one event loop; wall {wall:.2f} s"
    )
    return row, votes_per_s
