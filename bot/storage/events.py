"""Platform events already handled, so a redelivered event is acted on once.

The unique (platform, event_id) key decides: an insert that conflicts means "seen before", which
holds across restarts and across replicas sharing the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.tables import ProcessedEventRow
from bot.storage.upsert import upsert

_ROW = ProcessedEventRow


async def first_time(engine: AsyncEngine, platform: str, event_id: str, now: datetime) -> bool:
    """Record the event; True if this is the first time it was seen."""
    statement = (
        upsert(engine.dialect, _ROW)
        .values(platform=platform, event_id=event_id, received_at=now)
        .on_conflict_do_nothing(index_elements=["platform", "event_id"])
        # RETURNING, not rowcount: drivers disagree on rowcount for ON CONFLICT DO NOTHING.
        .returning(_ROW.id)
    )
    async with engine.begin() as connection:
        result = await connection.execute(statement)
        return result.first() is not None


async def first_times(
    engine: AsyncEngine, platform: str, event_ids: Sequence[str], now: datetime
) -> list[bool]:
    """`first_time` for many ids in one transaction; an id repeated in `event_ids` is new at
    most once, at its first place."""
    unique = list(dict.fromkeys(event_ids))
    if not unique:
        return []
    # One statement, its rows as parameters: SQLAlchemy sends them as one multi-row INSERT
    # ("insertmanyvalues") from a statement compiled once, where `.values([...])` built and
    # compiled a new statement for each batch (half the bot's time in a Slack click's check).
    statement = (
        upsert(engine.dialect, _ROW)
        .on_conflict_do_nothing(index_elements=["platform", "event_id"])
        .returning(_ROW.event_id)
    )
    rows = [{"platform": platform, "event_id": e, "received_at": now} for e in unique]
    async with engine.begin() as connection:
        inserted = set((await connection.execute(statement, rows)).scalars())
    answers = []
    for event_id in event_ids:
        answers.append(event_id in inserted)
        inserted.discard(event_id)  # a second copy in the same batch is a replay too
    return answers


async def forget_before(engine: AsyncEngine, before: datetime, platform: str | None = None) -> int:
    """Drop records older than any redelivery (Slack retries within minutes), of one platform
    when given: a signed request can only be replayed for minutes, an event is retried longer."""
    statement = delete(_ROW).where(_ROW.received_at < before)
    if platform is not None:
        statement = statement.where(_ROW.platform == platform)
    async with engine.begin() as connection:
        result = await connection.execute(statement)
    return int(result.rowcount or 0)
