"""The query for due posts stays a short walk of the outbox index on PostgreSQL at scale.

With 100,000 clubs, the query that finds due posts at every wake-up (pending and due, or a
stale claim) hash-joined every club on a row estimate taken from the sent posts in the past:
55,000 rows expected, none there, 80-110 ms each time. `paperclub bench --only schedule_100k`
shows the start-up; this pins the plan that makes it short, at a size a test can seed.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event

from bot.bench.seed_clubs import seed
from bot.bootstrap import Services
from bot.core.domain.ids import Platform
from tests.storage.test_repositories import NOW

CLUBS = 5_000  # the smallest seed at which the old shape already hash-joined every club


async def test_the_due_posts_query_walks_the_index_instead_of_joining_every_club(
    services: Services,
) -> None:
    url = services.settings.database_url
    if url.startswith("sqlite"):
        pytest.skip("SQLite has no hash join; its plan follows the query as written")
    # Planned clubs as the bench seeds them (sent posts behind NOW, pending ones ahead), analysed.
    await asyncio.to_thread(seed, url, CLUBS, NOW, 8, 100)
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    engine = services.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        async with services.deps.reader() as uow:
            due = await uow.outbox.claimable(
                NOW, NOW - timedelta(minutes=5), [Platform.DISCORD, Platform.SLACK], 100
            )
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert due == []  # nothing is due at NOW: the first posts are half an hour later
    [(statement, parameters)] = [s for s in seen if "FROM outbox" in s[0]]
    async with services.engine.connect() as connection:
        result = await connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
        plan = "\n".join(str(row[0]) for row in result)
    assert "Hash Join" not in plan and "Seq Scan on clubs" not in plan, plan
    assert "ix_outbox_status_due" in plan, plan
