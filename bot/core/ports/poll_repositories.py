"""Storage of polls, and the ballot box that takes members' ballots in batches."""

from __future__ import annotations

from collections.abc import Awaitable, Collection, Sequence
from enum import StrEnum
from typing import Protocol

from bot.core.domain.polls import Ballot, Poll


class PollRepository(Protocol):
    async def open_for(self, club_id: int) -> Poll | None: ...
    async def open_for_clubs(self, club_ids: Collection[int]) -> dict[int, Poll]:
        """What `open_for` answers for each club, in one query; clubs without one left out."""

    async def latest_closed(self, club_id: int) -> Poll | None: ...
    async def get(self, poll_id: int) -> Poll | None: ...
    async def add(self, poll: Poll) -> Poll: ...
    async def update(self, poll: Poll) -> None: ...
    async def put_ballot(self, ballot: Ballot) -> None:
        """Insert or replace the member's one ballot for the poll."""

    async def ballots(self, poll_id: int) -> list[Ballot]: ...
    async def for_club(self, club_id: int) -> list[Poll]: ...
    async def ballots_for(self, poll_ids: Sequence[int]) -> list[Ballot]: ...
    async def choices_for(self, poll_ids: Sequence[int]) -> dict[int, list[tuple[int, ...]]]:
        """Each poll's ballots as their choices only, in casting order: what a count needs,
        without who voted."""


class CastResult(StrEnum):
    STORED = "stored"  # committed: the member's ballot for the poll is this one (or a later one)
    CLOSED = "closed"  # the poll was closed, or its deadline had passed: nothing was written
    UNKNOWN_POLL = "unknown_poll"  # no such poll (any more): nothing was written


class BallotBox(Protocol):
    """Where /vote casts ballots. Implementations may batch many casts into one transaction."""

    def cast(self, ballot: Ballot, display_name: str) -> Awaitable[CastResult]:
        """Record the member (or refresh their display name) and insert or replace their one
        ballot for the poll, keeping the latest by `cast_at` (ties: the later cast). Whether
        the poll is still open and before its deadline is checked in the same transaction as
        the write, so a poll closed meanwhile, here or in another process, takes no ballot.
        What it returns is answered only after the commit; it raises (StorageUnavailable when
        the database is away) when nothing was stored."""
