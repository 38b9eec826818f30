"""Platform events already handled, so a redelivered event is acted on once.

The unique (platform, event_id) key decides: an insert that conflicts means "seen before", which
holds across restarts and across replicas sharing the database.
"""

from __future__ import annotations

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


async def forget_before(engine: AsyncEngine, before: datetime) -> int:
    """Drop records older than any redelivery (Slack retries within minutes)."""
    async with engine.begin() as connection:
        result = await connection.execute(delete(_ROW).where(_ROW.received_at < before))
    return int(result.rowcount or 0)
