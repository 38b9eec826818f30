"""The SQL ballot box: /vote ballots written by group commit, one transaction per batch.

Each batch, in one transaction (and, on SQLite, one turn at the writer):
1. upserts every voter's member row in one statement (sorted, so two processes lock
   rows in the same order). Being a write, it also takes SQLite's write lock first, so what the
   transaction reads next is the latest state and stays so until COMMIT;
2. reads the batch's polls `FOR SHARE` (PostgreSQL): a concurrent close (an UPDATE of that row)
   waits for this commit, and this read waits for a close already under way and then sees it
   closed. A poll takes a ballot only if it is open and its deadline is later than both the
   ballot's cast time and now;
3. upserts the accepted ballots, one per (poll, member): within the batch the latest cast wins
   (ties: the later in the queue), and across batches and processes an existing ballot is
   replaced only by one cast at the same time or later. A ballot with no choices is a
   withdrawal: it deletes the member's ballot, under the same latest-wins rule, so a withdrawal
   and a cast in flight together end in whichever the member sent last.
Callers are answered only after COMMIT returns; if any step fails, nothing of the batch is
stored. An outage or a bug fails every caller in the batch; a value refused on the way in (a
name no UTF-8 encoder takes, text too long for its column: `_refused`) is written again in
halves, each its own transaction, so only the casts carrying it fail, not the others' votes.

That is SQLite's batch, three statements in one transaction. PostgreSQL's is the same three
steps as one statement under the same rules (`postgres_batch`): one round trip instead of five.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.exc import DataError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.core.domain.errors import StorageUnavailable
from bot.core.domain.ids import MemberKey
from bot.core.domain.polls import Ballot, PollStatus
from bot.core.ports import CastResult, Clock
from bot.storage import ballot_json, postgres_batch
from bot.storage.ballot_json import BallotValues, CastValues, MemberValues
from bot.storage.groupcommit import GroupCommit
from bot.storage.tables import BallotRow
from bot.storage.uow import AGAIN, UNAVAILABLE, WriterTurns, is_outage

# Large enough that a burst is a handful of transactions, small enough that one batch's rows
# (one JSON text per statement) stay a few tens of kilobytes.
MAX_BATCH = 500


@dataclass(frozen=True, slots=True)
class Cast:
    ballot: Ballot
    display_name: str


class SqlBallotBox:
    """Implements the BallotBox port. One flusher task per box (so per process), started by
    the first cast on the running loop; `aclose()` writes what is queued and stops it."""

    def __init__(
        self,
        engine: AsyncEngine,
        clock: Clock,
        turns: WriterTurns | None = None,
        *,
        max_batch: int = MAX_BATCH,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._turns = turns
        self._postgres = engine.dialect.name == "postgresql"
        self._queue: GroupCommit[Cast, CastResult] = GroupCommit(
            self._flush, max_batch=max_batch, name="ballot batch"
        )

    def cast(self, ballot: Ballot, display_name: str) -> Awaitable[CastResult]:
        return self._queue.submit(Cast(ballot, display_name))

    async def aclose(self) -> None:
        await self._queue.aclose()

    async def _flush(self, casts: Sequence[Cast]) -> Sequence[CastResult | Exception]:
        now = self._clock.now()
        try:
            if self._postgres:
                return await write_postgres_batch(self._engine, casts, now)
            async with self._writer_turn(), self._engine.begin() as connection:
                return await write_batch(connection, casts, now)
        except Exception as exc:
            if is_outage(exc):
                raise StorageUnavailable(UNAVAILABLE, hint=AGAIN) from exc
            if not _refused(exc):
                raise
            if len(casts) == 1:
                return [exc]
        # Rolled back, so nothing was stored: each half is written (or refused) on its own.
        half = len(casts) // 2
        return [*await self._flush(casts[:half]), *await self._flush(casts[half:])]

    @contextlib.asynccontextmanager
    async def _writer_turn(self) -> AsyncIterator[None]:
        if self._turns is None:
            yield
            return
        await self._turns.acquire()
        try:
            yield
        finally:
            self._turns.release()


def _refused(exc: Exception) -> bool:
    """A value the driver could not encode or the database would not take (SQLSTATE class 22:
    too long, untranslatable character) or a UnicodeEncodeError (a ValueError) from the
    driver, as opposed to an outage or a bug."""
    if isinstance(exc, DataError):
        return True
    return isinstance(getattr(exc, "orig", exc), ValueError)


async def write_batch(
    connection: AsyncConnection, casts: Sequence[Cast], now: datetime
) -> list[CastResult]:
    """Write one batch inside the caller's transaction, on SQLite; one result per cast, in
    order. (PostgreSQL's is `write_postgres_batch`.)"""
    member_ids = await _upsert_members(connection, casts, now)
    takes_ballots = await _open_polls(connection, {c.ballot.poll_id for c in casts})
    results: list[CastResult] = []
    # (poll, member row) -> the latest cast of that member; a tie goes to the later in the queue.
    latest: dict[tuple[int, int], BallotValues] = {}
    for cast, member_id in zip(casts, member_ids, strict=True):
        ballot = cast.ballot
        poll_id = ballot.poll_id
        if poll_id not in takes_ballots:
            results.append(CastResult.UNKNOWN_POLL)
            continue
        closes_at = takes_ballots[poll_id]
        if closes_at is None or closes_at <= max(ballot.cast_at, now):
            results.append(CastResult.CLOSED)
            continue
        results.append(CastResult.STORED)
        key = (poll_id, member_id)
        held = latest.get(key)
        if held is None or held.cast_at <= ballot.cast_at:
            latest[key] = BallotValues(key[0], key[1], ballot.choices, ballot.cast_at)
    rows = [latest[key] for key in sorted(latest)]
    kept = [row for row in rows if row.choices]
    if kept:
        await _upsert_ballots(connection, kept)
    for row in rows:
        if not row.choices:
            await connection.execute(
                delete(BallotRow).where(
                    BallotRow.poll_id == row.poll_id,
                    BallotRow.member_id == row.member_id,
                    BallotRow.cast_at <= row.cast_at,
                )
            )
    return results


_VERDICTS = {"s": CastResult.STORED, "c": CastResult.CLOSED, "u": CastResult.UNKNOWN_POLL}


async def write_postgres_batch(
    engine: AsyncEngine, casts: Sequence[Cast], now: datetime
) -> list[CastResult]:
    """The same batch on PostgreSQL, as one statement (`postgres_batch`)."""
    keys, members = _member_rows(casts, now)
    rows = [
        CastValues(c.ballot.poll_id, *key, c.ballot.choices, c.ballot.cast_at)
        for c, key in zip(casts, keys, strict=True)
    ]
    verdicts = await postgres_batch.write(engine, members, rows, now)
    return [_VERDICTS[letter] for letter in verdicts]


def _member_rows(
    casts: Sequence[Cast], now: datetime
) -> tuple[list[tuple[str, str, str]], list[MemberValues]]:
    """Each cast's member key, and the member rows to upsert: one per member with the latest
    name, sorted so that two processes lock them in the same order."""
    # Plain tuples, each made once: a MemberKey hashes in Python, several times a cast.
    keys = [_key(c.ballot.member) for c in casts]
    names = dict(zip(keys, (c.display_name for c in casts), strict=True))  # the latest name
    return keys, [MemberValues(*key, names[key], now) for key in sorted(names)]


async def _upsert_members(
    connection: AsyncConnection, casts: Sequence[Cast], now: datetime
) -> list[int]:
    """Each cast's member row id, in the casts' order."""
    keys, rows = _member_rows(casts, now)
    ids = {
        (platform, workspace, user): row_id
        for row_id, platform, workspace, user in await ballot_json.upsert_members(connection, rows)
    }
    return [ids[key] for key in keys]


def _key(member: MemberKey) -> tuple[str, str, str]:
    return member.platform.value, member.workspace_id, member.user_id


async def _open_polls(
    connection: AsyncConnection, poll_ids: set[int]
) -> dict[int, datetime | None]:
    """Each existing poll's deadline if it takes ballots, None if it is closed; share-locked."""
    states = await ballot_json.poll_states(connection, sorted(poll_ids))
    return {
        poll_id: closes_at if status == PollStatus.OPEN.value else None
        for poll_id, (status, closes_at) in states.items()
    }


async def _upsert_ballots(connection: AsyncConnection, rows: list[BallotValues]) -> None:
    await ballot_json.upsert_ballots(connection, rows)
