"""Run every measurement in order on one scratch database, at a chosen scale."""

from __future__ import annotations

import platform
from collections.abc import Callable

from bot.bench import delivery, feed, inserts, roundtrips, schedule, tally, votes
from bot.bench.results import Report, Row
from bot.bench.scratch import backend_of, scratch_database
from bot.bench.stats import scaled

FULL = {
    "voters": 1000,
    "inserts": 1000,
    "clubs": 10_000,
    "posts": 1000,
    "ballots": 100_000,
    "round_trips": 200,
}


async def run_all(url: str, scale: float = 1.0, progress: Callable[[str], None] = print) -> Report:
    """Measure everything on scratch copies of the database `url` points at."""
    report = Report(
        backend_of(url), scale, f"{platform.python_implementation()} {platform.python_version()}"
    )
    n = {name: scaled(full, scale, minimum=2) for name, full in FULL.items()}

    def done(row: Row) -> None:
        report.rows.append(row)
        progress(f"{row.title}: {row.verdict}")

    # A fresh scratch database per measurement, so none sees another's rows.
    with scratch_database(url) as scratch:
        vote_row, vote_rate = await votes.measure(scratch, n["voters"])
        done(vote_row)
        done(await inserts.measure(scratch, n["inserts"], vote_rate))
    with scratch_database(url) as scratch:
        done(await schedule.measure(scratch, n["clubs"]))
    with scratch_database(url) as scratch:
        done(await feed.measure(scratch, n["clubs"]))
    with scratch_database(url) as scratch:
        done(await delivery.measure(scratch, n["posts"]))
    done(tally.measure(n["ballots"]))
    with scratch_database(url) as scratch:
        done(await roundtrips.discord(scratch, n["round_trips"]))
        done(await roundtrips.slack(scratch, n["round_trips"]))
    return report
