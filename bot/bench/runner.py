"""Run every measurement in order on one scratch database, at a chosen scale."""

from __future__ import annotations

import logging
import os
import platform
from collections.abc import Awaitable, Callable, Collection
from dataclasses import replace
from functools import partial

from bot.bench import (
    clicks,
    delivery,
    feed,
    inserts,
    memory,
    page,
    roundtrips,
    schedule,
    tally,
    votes,
)
from bot.bench.results import Machine, Report, Row
from bot.bench.scratch import ScratchError, backend_of, scratch_database
from bot.bench.stats import scaled

log = logging.getLogger(__name__)

FULL = {
    "voters": 1000,
    "inserts": 1000,
    "clubs": 10_000,
    "posts": 1000,
    "ballots": 100_000,
    "round_trips": 200,
    "clicks": 1000,
    "schedule_clubs": 10_000,
    # Seeded through bench.bulk: about a minute for its 4.15 million rows on SQLite.
    "schedule_100k_clubs": schedule.LARGE_CLUBS,
    "memory_clubs": 10_000,
    "past_sessions": 200,
}
ROWS = (
    "votes",
    "inserts",
    "schedule",
    "schedule_100k",
    "memory",
    "feed",
    "delivery",
    "page",
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

    async def votes_and_inserts(scratch: str) -> list[Row]:
        vote_row, vote_rate = await votes.measure(scratch, n["voters"])
        # The insert rate is compared with the vote rate measured just before, on one database.
        return [vote_row, await inserts.measure(scratch, n["inserts"], vote_rate)]

    async def round_trips(scratch: str) -> list[Row]:
        return [
            await roundtrips.discord(scratch, n["round_trips"]),
            await roundtrips.slack(scratch, n["round_trips"]),
        ]

    async def one(measure: Callable[[str], Awaitable[Row]], scratch: str) -> list[Row]:
        return [await measure(scratch)]

    async def counted(scratch: str) -> list[Row]:
        return [tally.measure(n["ballots"])]  # no database

    steps: list[tuple[tuple[str, ...], Callable[[str], Awaitable[list[Row]]]]] = [
        (("votes", "inserts"), votes_and_inserts),
        (("schedule",), partial(one, partial(schedule.measure, clubs=n["schedule_clubs"]))),
        (
            ("schedule_100k",),
            partial(one, partial(schedule.measure_large, clubs=n["schedule_100k_clubs"])),
        ),
        (("memory",), partial(one, partial(memory.measure, clubs=n["memory_clubs"]))),
        (("feed",), partial(one, partial(feed.measure, clubs=n["clubs"]))),
        (("delivery",), partial(one, partial(delivery.measure, posts=n["posts"]))),
        (("page",), partial(one, partial(page.measure, past_sessions=n["past_sessions"]))),
        (("tally",), counted),
        (("discord", "slack"), round_trips),
        (("discord_clicks",), partial(one, partial(clicks.discord, clicks=n["clicks"]))),
        (("slack_clicks",), partial(one, partial(clicks.slack, clicks=n["clicks"]))),
    ]
    for keys, step in steps:
        if not any(key in only for key in keys):
            continue
        # A fresh scratch database per measurement, so none sees another's rows.
        try:
            with scratch_database(url) as scratch:
                rows = await step(scratch)
        except ScratchError:
            raise  # no scratch database at all: nothing can be measured
        except Exception as exc:
            # One row that breaks (a platform fake refusing, a timeout under load) is reported
            # as such; the other rows' figures are still worth having.
            log.exception("bench step %s failed", "/".join(keys))
            rows = [Row(key, key, skipped=f"failed: {exc!r}"[:300]) for key in keys]
        for row in rows:
            if row.key in only:
                done(row)
    report.machine = replace(report.machine, load_after=_load())
    return report
