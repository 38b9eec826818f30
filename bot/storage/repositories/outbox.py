"""The outbox on SQL. Claims are one conditional UPDATE ... RETURNING: the database decides who
sends a post, so any number of processes can poll the same table."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Row, and_, case, select, union_all, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.core.domain.ids import Platform
from bot.core.domain.outbox import OutboxEntry, OutboxStatus, PlannedPost, PostKind
from bot.storage.repositories.base import insert_for
from bot.storage.tables import ClubRow, OutboxRow

_PENDING = OutboxStatus.PENDING.value
_SENDING = OutboxStatus.SENDING.value
_ERROR_LIMIT = 2000


def _to_entry(row: OutboxRow | Row[Any]) -> OutboxEntry:
    return OutboxEntry(
        id=row.id,
        key=row.key,
        club_id=row.club_id,
        session_id=row.session_id,
        kind=PostKind(row.kind),
        due_at=row.due_at,
        status=OutboxStatus(row.status),
        attempts=row.attempts,
        claimed_by=row.claimed_by,
        claimed_at=row.claimed_at,
        sent_at=row.sent_at,
        platform_message_id=row.platform_message_id,
        last_error=row.last_error,
        payload=dict(row.payload or {}),
    )


class SqlOutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def entries(self, club_id: int, since: datetime | None = None) -> list[OutboxEntry]:
        query = select(OutboxRow).where(OutboxRow.club_id == club_id)
        if since is not None:
            query = query.where(OutboxRow.due_at >= since)
        rows = await self.session.scalars(query.order_by(OutboxRow.due_at, OutboxRow.id))
        return [_to_entry(row) for row in rows]

    async def entries_for_clubs(
        self, club_ids: Collection[int], since: datetime
    ) -> dict[int, list[OutboxEntry]]:
        if not club_ids:
            return {}
        # Plain rows on the session's connection rather than ORM objects: the planner reads
        # thousands at start-up only to compare them, and ORM loading cost more than the query.
        await self.session.flush()  # the connection does not autoflush as the session does
        connection = await self.session.connection()
        rows = await connection.execute(
            select(*OutboxRow.__table__.columns)
            .where(OutboxRow.club_id.in_(list(club_ids)), OutboxRow.due_at >= since)
            .order_by(OutboxRow.club_id, OutboxRow.due_at, OutboxRow.id)
        )
        found: dict[int, list[OutboxEntry]] = {}
        for row in rows:
            found.setdefault(row.club_id, []).append(_to_entry(row))
        return found

    async def add(
        self, post: PlannedPost, due_at: datetime, payload: Mapping[str, object] | None = None
    ) -> bool:
        # Two planners may add the same post at once; the unique key keeps exactly one.
        statement = (
            insert_for(self.session, OutboxRow)
            .values(
                key=post.key,
                club_id=post.club_id,
                session_id=post.session_id,
                kind=post.kind.value,
                due_at=due_at,
                status=_PENDING,
                attempts=0,
                payload=dict(payload or {}),
            )
            .on_conflict_do_nothing(index_elements=["key"])
        )
        result = await self.session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def _update(self, entry_id: int, *conditions: object, **values: object) -> bool:
        statement = (
            update(OutboxRow)
            .where(OutboxRow.id == entry_id, *conditions)  # type: ignore[arg-type]
            .values(**values)
            .returning(OutboxRow.id)
            .execution_options(synchronize_session=False)
        )
        found = await self.session.execute(statement)
        return found.first() is not None

    async def reschedule(self, entry_id: int, due_at: datetime, expected: OutboxStatus) -> bool:
        return await self._update(
            entry_id, OutboxRow.status == expected.value, due_at=due_at, status=_PENDING
        )

    async def cancel(self, entry_id: int, reason: str) -> bool:
        return await self._update(
            entry_id,
            OutboxRow.status == _PENDING,
            status=OutboxStatus.CANCELLED.value,
            last_error=reason[:_ERROR_LIMIT],
        )

    async def claimable(
        self, now: datetime, stale_before: datetime, platforms: Sequence[Platform], limit: int
    ) -> list[OutboxEntry]:
        if not platforms:
            return []
        on_platforms = ClubRow.platform.in_([p.value for p in platforms])

        def first(*conditions: Any) -> Any:
            # One kind of claimable entry, the first `limit` in delivery order: walked from
            # ix_outbox_status_due with each club found by its key, so it stops after `limit`.
            return (
                select(OutboxRow)
                .join(ClubRow, ClubRow.id == OutboxRow.club_id)
                .where(on_platforms, *conditions)
                .order_by(*_delivery_order(OutboxRow))
                .limit(limit)
                .subquery()
            )

        # Pending-and-due, and stale claims, each in its own branch. As one OR, PostgreSQL could
        # not walk the index in order, and it judged the due posts by the whole table's due_at
        # (the sent posts lie in the past): with 100,000 clubs it expected 55,000 where there
        # were none and hash-joined every club at each wake-up (100 ms). Each branch, ordered
        # and limited, stops after `limit` rows whatever the estimate (1.5 ms).
        branches = [
            first(OutboxRow.status == _PENDING, OutboxRow.due_at <= now),
            first(OutboxRow.status == _SENDING, OutboxRow.claimed_at < stale_before),
        ]
        due = aliased(OutboxRow, union_all(*(select(b) for b in branches)).subquery())
        rows = await self.session.scalars(select(due).order_by(*_delivery_order(due)).limit(limit))
        return [_to_entry(row) for row in rows]

    async def claim(
        self, entry: OutboxEntry, worker: str, now: datetime, stale_before: datetime
    ) -> bool:
        # The condition repeats what the claimer saw, so a claim that changed hands in the
        # meantime (or a pending entry someone else took) is left alone. On PostgreSQL a second
        # claimer blocks on the row lock, then re-checks the condition and finds it false.
        if entry.status == OutboxStatus.PENDING:
            seen = OutboxRow.status == _PENDING
        elif entry.status == OutboxStatus.SENDING and entry.claimed_at is not None:
            seen = and_(
                OutboxRow.status == _SENDING,
                OutboxRow.claimed_at < stale_before,
                OutboxRow.claimed_at == entry.claimed_at,
            )
        else:
            return False
        return await self._update(
            entry.id,
            seen,
            status=_SENDING,
            claimed_by=worker,
            claimed_at=now,
            attempts=OutboxRow.attempts + 1,
        )

    async def claim_pending(
        self, entry_ids: Collection[int], worker: str, now: datetime
    ) -> set[int]:
        # Row by row the same condition as `claim` for a pending entry: on PostgreSQL a row
        # another claimer locked is re-checked after its commit and left out.
        if not entry_ids:
            return set()
        statement = (
            update(OutboxRow)
            .where(OutboxRow.id.in_(list(entry_ids)), OutboxRow.status == _PENDING)
            .values(
                status=_SENDING,
                claimed_by=worker,
                claimed_at=now,
                attempts=OutboxRow.attempts + 1,
            )
            .returning(OutboxRow.id)
            .execution_options(synchronize_session=False)
        )
        return set((await self.session.scalars(statement)).all())

    async def renew(self, entry_id: int, worker: str, now: datetime) -> bool:
        # Worker names are unique per process: a claim taken over has another one.
        return await self._update(
            entry_id, OutboxRow.status == _SENDING, OutboxRow.claimed_by == worker, claimed_at=now
        )

    async def save_payload(self, entry_id: int, payload: Mapping[str, object]) -> None:
        await self._update(entry_id, payload=dict(payload))

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
        values: dict[str, object] = {"status": status.value}
        if status == OutboxStatus.SENT:
            values["sent_at"] = now
            values["platform_message_id"] = message_id
        if error is not None:
            values["last_error"] = error[:_ERROR_LIMIT]
        return await self._update(
            entry_id, OutboxRow.status == _SENDING, OutboxRow.claimed_by == worker, **values
        )

    async def mark_sent(
        self, sent: Mapping[int, str | None], worker: str, now: datetime
    ) -> set[int]:
        if not sent:
            return set()
        ids = list(sent)
        statement = (
            update(OutboxRow)
            .where(
                OutboxRow.id.in_(ids),
                OutboxRow.status == _SENDING,
                OutboxRow.claimed_by == worker,
            )
            .values(
                status=OutboxStatus.SENT.value,
                sent_at=now,
                # One statement for the whole batch: each row's own message id by its id.
                platform_message_id=case(
                    {entry_id: message_id for entry_id, message_id in sent.items()},
                    value=OutboxRow.id,
                ),
            )
            .returning(OutboxRow.id)
            .execution_options(synchronize_session=False)
        )
        return set((await self.session.scalars(statement)).all())

    async def release(self, entry_id: int, worker: str, error: str) -> bool:
        return await self._update(
            entry_id,
            OutboxRow.status == _SENDING,
            OutboxRow.claimed_by == worker,
            status=_PENDING,
            claimed_by=None,
            claimed_at=None,
            last_error=error[:_ERROR_LIMIT],
        )

    async def next_due(
        self, platforms: Sequence[Platform], stale_after: timedelta
    ) -> datetime | None:
        if not platforms:
            return None
        on_platforms = ClubRow.platform.in_([p.value for p in platforms])
        # The first row in index order rather than MIN(): with the join, PostgreSQL cannot turn
        # MIN() into an index seek and aggregated every pending post (100,000 clubs: a parallel
        # scan of 3.2 million rows, 2 s at every tick); ORDER BY ... LIMIT 1 walks
        # ix_outbox_status_due from its start and stops at the first post of these platforms.
        pending = await self.session.scalar(
            select(OutboxRow.due_at)
            .join(ClubRow, ClubRow.id == OutboxRow.club_id)
            .where(on_platforms, OutboxRow.status == _PENDING)
            .order_by(OutboxRow.due_at)
            .limit(1)
        )
        claimed = await self.session.scalar(
            select(OutboxRow.claimed_at)
            .join(ClubRow, ClubRow.id == OutboxRow.club_id)
            .where(on_platforms, OutboxRow.status == _SENDING, OutboxRow.claimed_at.is_not(None))
            .order_by(OutboxRow.claimed_at)
            .limit(1)
        )
        instants = [_aware(pending)] if pending is not None else []
        instants += [_aware(claimed) + stale_after] if claimed is not None else []
        return min(instants) if instants else None


def _delivery_order(entry: Any) -> tuple[Any, ...]:
    # A vote closes at the instant the next session is announced; closing goes first so the
    # announcement names the winner.
    return (entry.due_at, case((entry.kind == PostKind.VOTE_CLOSED.value, 0), else_=1), entry.id)


def _aware(value: datetime) -> datetime:
    # MIN() may hand back the driver's naive value on SQLite; storage is UTC either way.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
