"""Run every measurement in order on one scratch database, at a chosen scale."""

from __future__ import annotations

import os
import platform
from collections.abc import Callable, Collection
from dataclasses import replace

from bot.bench import clicks, delivery, feed, inserts, memory, roundtrips, schedule, tally, votes
from bot.bench.results import Machine, Report, Row
from bot.bench.scratch import backend_of, scratch_database
from bot.bench.stats import scaled

FULL = {
    "voters": 1000,
    "inserts": 1000,
    "clubs": 10_000,
    "posts": 1000,
    "ballots": 100_000,
    "round_trips": 200,
    "clicks": 1000,
    # The target is 100,000 clubs; seeding 4.15 million rows for it takes longer than a
    # bench run on a shared 2-core machine can (about 25 s per 1,000 clubs here under load).
    "schedule_clubs": 10_000,
    "memory_clubs": 10_000,
}
ROWS = (
    "votes",
    "inserts",
    "schedule",
    "memory",
    "feed",
    "delivery",
    "tally",
    "discord",
    "slack",
    "discord_clicks",
    "slack_clicks",
)


def _load() -> tuple[float, float, float]:
    try:
        return os.getloadavg()
    except OSError:  # not every system has one
        return (0.0, 0.0, 0.0)


async def run_all(
    url: str,
    scale: float = 1.0,
    progress: Callable[[str], None] = print,
    only: Collection[str] = ROWS,
) -> Report:
    """Measure everything (or the rows named in `only`) on scratch copies of the database
    `url` points at."""
    report = Report(
        backend_of(url),
        scale,
        f"{platform.python_implementation()} {platform.python_version()}",
        machine=Machine(os.cpu_count() or 0, _load()),
    )
    n = {name: scaled(full, scale, minimum=2) for name, full in FULL.items()}

    def done(row: Row) -> None:
        report.rows.append(row)
        progress(f"{row.title}: {row.verdict}")

    # A fresh scratch database per measurement, so none sees another's rows.
    if "votes" in only or "inserts" in only:
        with scratch_database(url) as scratch:
            vote_row, vote_rate = await votes.measure(scratch, n["voters"])
            if "votes" in only:
                done(vote_row)
            if "inserts" in only:  # compared with the vote rate measured just before
                done(await inserts.measure(scratch, n["inserts"], vote_rate))
    if "schedule" in only:
        with scratch_database(url) as scratch:
            done(await schedule.measure(scratch, n["schedule_clubs"]))
    if "memory" in only:
        with scratch_database(url) as scratch:
            done(await memory.measure(scratch, n["memory_clubs"]))
    if "feed" in only:
        with scratch_database(url) as scratch:
            done(await feed.measure(scratch, n["clubs"]))
    if "delivery" in only:
        with scratch_database(url) as scratch:
            done(await delivery.measure(scratch, n["posts"]))
    if "tally" in only:
        done(tally.measure(n["ballots"]))
    if "discord" in only or "slack" in only:
        with scratch_database(url) as scratch:
            if "discord" in only:
                done(await roundtrips.discord(scratch, n["round_trips"]))
            if "slack" in only:
                done(await roundtrips.slack(scratch, n["round_trips"]))
    if "discord_clicks" in only:
        with scratch_database(url) as scratch:
            done(await clicks.discord(scratch, n["clicks"]))
    if "slack_clicks" in only:
        with scratch_database(url) as scratch:
            done(await clicks.slack(scratch, n["clicks"]))
    report.machine = replace(report.machine, load_after=_load())
    return report
