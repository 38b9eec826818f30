"""Signed requests already acted on: a captured request sent again runs once.

A signature is good for five minutes, so whoever sees a signed request (a proxy log, a
misconfigured load balancer) could send it again and have the command run twice. The signature
covers the timestamp and the body, so it names one request; a unique key on it in the database
makes every replica agree on which copy came first. Slack's own retries of events are signed
anew and are de-duplicated by event id elsewhere.

The check sits before the ack, so it must not queue at SQLite's single writer once per request:
signatures arriving together are recorded in one transaction (group commit).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.ports import Clock
from bot.storage.events import first_times, forget_before
from bot.storage.groupcommit import GroupCommit

log = logging.getLogger(__name__)

KIND = "slack-request"
# Past the signature window, with room for the clocks of Slack and of the bot to differ.
MEMORY = timedelta(minutes=10)
PRUNE_EVERY = timedelta(minutes=1)


class Replays:
    def __init__(self, engine: AsyncEngine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock
        self._pruned: datetime | None = None
        self._batches = GroupCommit(self._record, name="slack-replays")

    async def first_time(self, signature: str) -> bool:
        """Record the request; False when the same signed request was seen before."""
        try:
            return await self._batches.submit(signature)
        except (SQLAlchemyError, OSError) as exc:
            # With the database away the command cannot run anyway, and says so itself;
            # refusing it here would only hide why.
            log.warning("could not check a Slack request for replay: %r", exc)
            return True

    async def aclose(self) -> None:
        await self._batches.aclose()

    async def _record(self, signatures: Sequence[str]) -> list[bool]:
        now = self._clock.now()
        firsts = await first_times(self._engine, KIND, signatures, now)
        if self._pruned is None or now - self._pruned >= PRUNE_EVERY:
            self._pruned = now
            await forget_before(self._engine, now - MEMORY, KIND)
        return firsts
