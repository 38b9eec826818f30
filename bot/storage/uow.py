"""The SQL unit of work: one AsyncSession, one transaction, the repositories bound to it."""

from __future__ import annotations

import asyncio
from types import TracebackType

from sqlalchemy import update
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.domain.errors import StorageUnavailable
from bot.core.ports import (
    AttendanceRepository,
    ClubRepository,
    MemberRepository,
    OutboxRepository,
    PaperRepository,
    PollRepository,
    QueueRepository,
    SessionRepository,
    SignInRepository,
    SwapRepository,
)
from bot.core.text import t
from bot.storage.repositories.attendance import SqlAttendanceRepository
from bot.storage.repositories.base import CHANGED_CLUBS
from bot.storage.repositories.clubs import SqlClubRepository
from bot.storage.repositories.members import SqlMemberRepository
from bot.storage.repositories.outbox import SqlOutboxRepository
from bot.storage.repositories.papers import SqlPaperRepository
from bot.storage.repositories.polls import SqlPollRepository
from bot.storage.repositories.queue import SqlQueueRepository
from bot.storage.repositories.sessions import SqlSessionRepository
from bot.storage.repositories.sign_ins import SqlSignInRepository
from bot.storage.repositories.swaps import SqlSwapRepository
from bot.storage.tables import ClubRow

UNAVAILABLE = t("The club's database isn't answering right now, so nothing was saved.")
AGAIN = t("Please try again in a minute.")


def is_outage(exc: BaseException) -> bool:
    """True when the database is away, hung or held by someone else (connection refused or
    cut, a connect, statement or lock timeout, SQLite locked by another process, no free
    pooled connection in time), as opposed to bugs or constraint violations."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError | InterfaceError | PoolTimeout)


class WriterTurns:
    """An asyncio lock that the task holding it may take again, so a unit of work opened inside
    another one (in the same task) waits for nobody instead of deadlocking."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[object] | None = None
        self._depth = 0

    async def acquire(self) -> None:
        task = asyncio.current_task()
        if self._owner is task and task is not None:
            self._depth += 1
            return
        await self._lock.acquire()
        self._owner, self._depth = task, 1

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._owner = None
            self._lock.release()


class SqlUnitOfWork:
    # Typed as the ports, so mypy checks every SQL repository against its Protocol.
    clubs: ClubRepository
    papers: PaperRepository
    queue: QueueRepository
    sessions: SessionRepository
    members: MemberRepository
    polls: PollRepository
    attendance: AttendanceRepository
    outbox: OutboxRepository
    swaps: SwapRepository
    sign_ins: SignInRepository

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        lock: WriterTurns | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None
        # SQLite has one writer. Taking turns here is faster and fairer than letting many
        # transactions spin in SQLite's busy handler, where the unlucky ones time out.
        # A read-only unit of work needs no turn: in WAL mode readers run beside the writer.
        self._lock = None if read_only else lock
        self._read_only = read_only

    async def __aenter__(self) -> SqlUnitOfWork:
        if self._lock is not None:
            await self._lock.acquire()
        session = self._sessions()
        self._session = session
        self.clubs = SqlClubRepository(session)
        self.papers = SqlPaperRepository(session)
        self.queue = SqlQueueRepository(session)
        self.sessions = SqlSessionRepository(session)
        self.members = SqlMemberRepository(session)
        self.polls = SqlPollRepository(session)
        self.attendance = SqlAttendanceRepository(session)
        self.outbox = SqlOutboxRepository(session)
        self.swaps = SqlSwapRepository(session)
        self.sign_ins = SqlSignInRepository(session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self._session
        self._session = None
        if session is None:
            return
        try:
            await session.rollback()
            await session.close()
        except Exception:
            # The rollback of a dead connection fails too; the original error is what matters.
            if exc is None:
                raise
        finally:
            if self._lock is not None:
                self._lock.release()
        if exc is not None and is_outage(exc):
            raise StorageUnavailable(UNAVAILABLE, hint=AGAIN) from exc

    async def commit(self) -> None:
        assert self._session is not None, "commit() outside `async with`"
        if self._read_only:
            # It never took the writer's turn, so on SQLite a write here could fail mid-way.
            raise RuntimeError("commit() on a read-only unit of work")
        try:
            await _clear_watermarks(self._session)
            await self._session.commit()
        except Exception as exc:
            if is_outage(exc):
                raise StorageUnavailable(UNAVAILABLE, hint=AGAIN) from exc
            raise


async def _clear_watermarks(session: AsyncSession) -> None:
    """Make the planner look again at every club this transaction changed.

    Last before COMMIT, so the club row is locked only briefly and always after any session or
    poll row, the order every writer takes them in.
    """
    changed: set[int] = session.info.pop(CHANGED_CLUBS, set())
    if changed:
        await session.execute(
            update(ClubRow)
            .where(ClubRow.id.in_(sorted(changed)))
            .values(plan_due_at=None, plan_epoch=ClubRow.plan_epoch + 1)
            .execution_options(synchronize_session=False)
        )
