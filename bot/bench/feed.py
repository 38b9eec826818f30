"""The calendar feed among 10,000 clubs: one .ics lookup, for a token nobody has and for a real one.

Each lookup runs the feed as the HTTP route does (the use case, then the .ics rendering), and
counts the SQL statements it sends: a lookup should read the one club its token names, so
neither its time nor its statements grow with the number of clubs.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.bench.common import T0, bench_services
from bot.bench.results import Figure, Row
from bot.bench.seed_clubs import CHUNK, club_row, club_settings, settings_columns
from bot.bench.stats import percentile
from bot.calendarfeed.club_feed import render
from bot.core.usecases import calendar_feed
from bot.storage.engine import make_sync_engine
from bot.storage.repositories.clubs import token_digest
from bot.storage.tables import ClubRow

LOOKUPS = 200
TARGET_MS = 20.0


async def measure(url: str, clubs: int) -> Row:
    row = Row("feed", f"calendar feed among {clubs:,} clubs: one lookup by token")
    tokens = _seed(url, clubs)
    real = tokens[len(tokens) // 2]
    async with bench_services(url, load_papers=False) as services:
        for label, token in (("unknown token", None), ("real token", real)):
            times: list[float] = []
            with statements(services.engine) as sent:
                for _ in range(LOOKUPS):
                    asked = token or secrets.token_urlsafe(32)
                    began = time.perf_counter()
                    found = await calendar_feed.by_token(asked, services.deps.store)
                    if found is not None:
                        render(found)
                    times.append(time.perf_counter() - began)
                    if (found is None) != (token is None):
                        raise RuntimeError(f"the feed answered wrongly for a {label}")
            # The target is for guesses: they are what used to slow the feed for subscribers.
            target = TARGET_MS if token is None else None
            row.add(Figure(f"{label}, p50", percentile(times, 50) * 1000, "ms", target))
            row.add(Figure(f"{label}, statements", len(sent) / LOOKUPS, "per lookup"))
    return row


def _seed(url: str, count: int) -> list[str]:
    engine = make_sync_engine(url)
    tokens = [secrets.token_urlsafe(32) for _ in range(count)]
    try:
        for first in range(0, count, CHUNK):
            numbers = range(first, min(count, first + CHUNK))
            rows = []
            for n in numbers:
                values = club_row(n, settings_columns(club_settings(n)), T0)
                values.update(calendar_token=tokens[n], calendar_digest=token_digest(tokens[n]))
                rows.append(values)
            with engine.begin() as connection:
                connection.execute(insert(ClubRow), rows)
    finally:
        engine.dispose()
    return tokens


@contextmanager
def statements(engine: AsyncEngine) -> Iterator[list[str]]:
    sent: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        sent.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
