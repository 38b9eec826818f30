"""Storage of the outbox: the posts planned for each club, claimed, sent and recorded."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from bot.core.domain.ids import Platform
from bot.core.domain.outbox import OutboxEntry, OutboxStatus, PlannedPost


class OutboxRepository(Protocol):
    """Posts owed to channels. Every state change is conditional, so concurrent processes agree."""

    async def entries(self, club_id: int, since: datetime | None = None) -> list[OutboxEntry]:
        """The club's entries due at or after `since` (all when None), by due time."""

    async def entries_for_clubs(
        self, club_ids: Collection[int], since: datetime
    ) -> dict[int, list[OutboxEntry]]:
        """What `entries(club, since)` answers for each club, in one query; clubs without any
        are left out."""

    async def add(
        self, post: PlannedPost, due_at: datetime, payload: Mapping[str, object] | None = None
    ) -> bool:
        """Insert a pending entry; False (and no change) if its key already exists."""

    async def reschedule(self, entry_id: int, due_at: datetime, expected: OutboxStatus) -> bool:
        """Make it pending at `due_at`, only if it is still in status `expected`."""

    async def cancel(self, entry_id: int, reason: str) -> bool:
        """Cancel it, only if it is still pending."""

    async def claimable(
        self, now: datetime, stale_before: datetime, platforms: Sequence[Platform], limit: int
    ) -> list[OutboxEntry]:
        """Pending entries due by `now` and claims older than `stale_before`, oldest first,
        for clubs on `platforms` only."""

    async def claim(
        self, entry: OutboxEntry, worker: str, now: datetime, stale_before: datetime
    ) -> bool:
        """Atomically take the entry as seen in `entry` (pending, or a stale claim); True for
        exactly one of any number of concurrent claimers."""

    async def claim_pending(
        self, entry_ids: Collection[int], worker: str, now: datetime
    ) -> set[int]:
        """Take every one of these entries that is still pending, in one statement; the ids
        taken. Each is taken by exactly one of any number of concurrent claimers."""

    async def renew(self, entry_id: int, worker: str, now: datetime) -> bool:
        """Move `worker`'s claim to `now`, only if it still holds it: a claim about to go
        stale stays this process's."""

    async def save_payload(self, entry_id: int, payload: Mapping[str, object]) -> None: ...

    async def finish(
        self,
        entry_id: int,
        worker: str,
        status: OutboxStatus,
        now: datetime,
        *,
        message_id: str | None = None,
        error: str | None = None,
    ) -> bool:
        """Record the outcome, only if `worker` still holds the claim."""

    async def mark_sent(
        self, sent: Mapping[int, str | None], worker: str, now: datetime
    ) -> set[int]:
        """Record each entry (id -> platform message id) as sent, in one statement, only where
        `worker` still holds the claim; the ids recorded."""

    async def release(self, entry_id: int, worker: str, error: str) -> bool:
        """Give a claim back after a failed send, so it is retried."""

    async def next_due(
        self, platforms: Sequence[Platform], stale_after: timedelta
    ) -> datetime | None:
        """When the next entry becomes claimable: a pending due time or a claim going stale."""
