"""One transaction over every repository, as the use cases open it."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol

from bot.core.ports.club_repositories import ClubRepository, MemberRepository
from bot.core.ports.outbox_repository import OutboxRepository
from bot.core.ports.paper_repositories import PaperRepository, QueueRepository
from bot.core.ports.poll_repositories import PollRepository
from bot.core.ports.session_repositories import (
    AttendanceRepository,
    SessionRepository,
    SwapRepository,
)
from bot.core.ports.sign_ins import SignInRepository


class UnitOfWork(Protocol):
    """One transaction. Leaving the block without `commit()` rolls back."""

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

    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...
