"""The metadata cache on the `lookup_cache` table, so each paper is fetched from arXiv once.

Each read and write is its own short transaction: a cached answer is a fact about arXiv, not
about a club, so it stays even when the command that fetched it changes nothing else.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.ports import Clock
from bot.storage.repositories.base import insert_for
from bot.storage.tables import LookupCacheRow

log = logging.getLogger(__name__)

KEY_MAX = 200
# Titles and abstracts on arXiv change rarely; a quarter keeps corrections from going stale.
DEFAULT_MAX_AGE = timedelta(days=90)


def _key(key: str) -> str:
    if len(key) <= KEY_MAX:
        return key
    # DOIs can be long; a digest keeps the key within the column and still unique.
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return f"{key[: KEY_MAX - 66]}#{digest}"


class SqlMetadataCache:
    """A MetadataCache. Database trouble only costs a cache miss, never the lookup itself."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        max_age: timedelta = DEFAULT_MAX_AGE,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._max_age = max_age

    async def get(self, key: str) -> dict[str, Any] | None:
        try:
            async with self._sessions() as session:
                row = await session.get(LookupCacheRow, _key(key))
        except SQLAlchemyError as exc:
            log.warning("lookup cache read failed (%s); fetching instead", exc)
            return None
        if row is None or row.fetched_at < self._clock.now() - self._max_age:
            return None
        return dict(row.value)

    async def put(self, key: str, value: dict[str, Any]) -> None:
        now = self._clock.now()
        try:
            async with self._sessions.begin() as session:
                statement = (
                    insert_for(session, LookupCacheRow)
                    .values(key=_key(key), value=value, fetched_at=now)
                    .on_conflict_do_update(
                        index_elements=["key"], set_={"value": value, "fetched_at": now}
                    )
                )
                await session.execute(statement)
        except SQLAlchemyError as exc:
            log.warning("lookup cache write failed (%s)", exc)
