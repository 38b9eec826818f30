"""What the use cases need from the outside world, as Protocols.

Storage implements these with SQLAlchemy (bot/storage); tests/core/fakes.py implements them in
memory. Repositories take and return domain objects, never rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol

from bot.core.domain.attendance import CheckIn, Rsvp, RsvpStatus
from bot.core.domain.clubs import Club, ClubSettings
from bot.core.domain.ids import ClubKey, MemberKey
from bot.core.domain.papers import Paper, QueueEntry, QueueState
from bot.core.domain.polls import Ballot, Poll
from bot.core.domain.sessions import NewSession, Session
from bot.core.views import View


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A scheduled post for one club's channel, from the outbox."""

    key: str  # the outbox key: unique per (club, session, kind); used for platform idempotency
    club: ClubKey
    kind: str  # announcement, reminder, start, vote_open, vote_closed, nudge
    view: View
    late_note: str | None = None  # set when the post goes out late, to say so


class Poster(Protocol):
    """Delivers scheduled posts to one platform. Implemented by each adapter."""

    async def post(self, message: Outgoing) -> str:
        """Send it; returns the platform's message id."""
        ...

    async def find_posted(self, message: Outgoing) -> str | None:
        """After a crash between sending and marking sent: the message id if it already went
        out (found through the platform's own idempotency key), else None."""
        ...


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class ClubRepository(Protocol):
    async def get(self, key: ClubKey) -> Club | None: ...
    async def get_by_id(self, club_id: int) -> Club | None: ...
    async def add(self, key: ClubKey, name: str, settings: ClubSettings, now: datetime) -> Club: ...
    async def update(self, club: Club) -> None: ...
    async def all(self) -> list[Club]: ...


class PaperRepository(Protocol):
    async def upsert(self, paper: Paper, shipped_rank: int | None = None) -> Paper:
        """Store a paper, matching an existing one by slug or arXiv id. `paper.id` is ignored.

        `shipped_rank` places it in the shipped reading list that new clubs start from.
        """
        ...

    async def shipped(self) -> list[Paper]:
        """The shipped reading list, in reading order."""
        ...

    async def get(self, paper_id: int) -> Paper | None: ...
    async def get_many(self, paper_ids: Sequence[int]) -> dict[int, Paper]: ...
    async def all(self) -> list[Paper]: ...


class QueueRepository(Protocol):
    async def entries(
        self, club_id: int, states: Sequence[QueueState] | None = None
    ) -> list[QueueEntry]:
        """The club's papers in reading order (position), optionally only some states."""
        ...

    async def append(
        self,
        club_id: int,
        paper_id: int,
        state: QueueState,
        now: datetime,
        suggested_by: MemberKey | None = None,
    ) -> QueueEntry: ...

    async def append_many(self, club_id: int, paper_ids: Sequence[int], now: datetime) -> int:
        """Queue papers not already in the club's list, after the last one; returns how many."""
        ...

    async def set_state(self, club_id: int, paper_id: int, state: QueueState) -> None: ...


class SessionRepository(Protocol):
    async def between(
        self, club_id: int, start: datetime, end: datetime | None = None, limit: int | None = None
    ) -> list[Session]:
        """Sessions that have not ended by `start` (and start before `end`), earliest first."""
        ...

    async def last(self, club_id: int) -> Session | None: ...
    async def get(self, session_id: int) -> Session | None: ...
    async def add_many(self, sessions: Sequence[NewSession]) -> list[Session]: ...
    async def update(self, session: Session) -> None: ...
    async def delete_planned_after(self, club_id: int, after: datetime) -> int: ...


class MemberRepository(Protocol):
    async def ensure(self, member: MemberKey, display_name: str, now: datetime) -> None:
        """Record the member (or refresh their display name)."""
        ...

    async def display_names(self, members: Sequence[MemberKey]) -> dict[MemberKey, str]: ...


class PollRepository(Protocol):
    async def open_for(self, club_id: int) -> Poll | None: ...
    async def latest_closed(self, club_id: int) -> Poll | None: ...
    async def get(self, poll_id: int) -> Poll | None: ...
    async def add(self, poll: Poll) -> Poll: ...
    async def update(self, poll: Poll) -> None: ...
    async def put_ballot(self, ballot: Ballot) -> None:
        """Insert or replace the member's one ballot for the poll."""
        ...

    async def ballots(self, poll_id: int) -> list[Ballot]: ...


class AttendanceRepository(Protocol):
    async def put_rsvp(self, rsvp: Rsvp) -> None: ...
    async def rsvps(self, session_id: int) -> list[Rsvp]: ...
    async def check_in(self, check_in: CheckIn) -> bool:
        """Record a check-in; False if the member had already checked in."""
        ...

    async def check_ins(self, session_id: int) -> list[CheckIn]: ...
    async def rsvp_counts(self, session_id: int) -> dict[RsvpStatus, int]: ...


class UnitOfWork(Protocol):
    """One transaction. Leaving the block without `commit()` rolls back."""

    clubs: ClubRepository
    papers: PaperRepository
    queue: QueueRepository
    sessions: SessionRepository
    members: MemberRepository
    polls: PollRepository
    attendance: AttendanceRepository

    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...
