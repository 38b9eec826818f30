from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.domain.polls import Ballot, Poll, PollStatus
from bot.storage.repositories.base import (
    insert_for,
    mark_changed,
    member_id,
    member_key,
)
from bot.storage.tables import BallotRow, MemberRow, PollRow


def to_poll(row: PollRow) -> Poll:
    return poll_from(lambda name: getattr(row, name))


def poll_from(column: Callable[[str], Any]) -> Poll:
    """The poll whose polls-table columns `column` gives by name (an ORM row's, or a Core
    row's that names them its own way)."""
    return Poll(
        id=column("id"),
        club_id=column("club_id"),
        method=column("method"),
        anonymous=column("anonymous"),
        status=PollStatus(column("status")),
        opened_at=column("opened_at"),
        closes_at=column("closes_at"),
        candidates=tuple(column("candidates")),
        winner_paper_id=column("winner_paper_id"),
        session_id=column("session_id"),
    )


class SqlPollRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def open_for(self, club_id: int) -> Poll | None:
        row = await self.session.scalar(
            select(PollRow)
            .where(PollRow.club_id == club_id, PollRow.status == PollStatus.OPEN.value)
            .order_by(PollRow.id.desc())
        )
        return to_poll(row) if row else None

    async def open_for_clubs(self, club_ids: Collection[int]) -> dict[int, Poll]:
        if not club_ids:
            return {}
        rows = await self.session.scalars(
            select(PollRow)
            .where(PollRow.club_id.in_(list(club_ids)), PollRow.status == PollStatus.OPEN.value)
            .order_by(PollRow.id)
        )
        # Ascending ids: a later open poll replaces an earlier one, as `open_for` picks it.
        return {row.club_id: to_poll(row) for row in rows}

    async def latest_closed(self, club_id: int) -> Poll | None:
        row = await self.session.scalar(
            select(PollRow)
            .where(PollRow.club_id == club_id, PollRow.status == PollStatus.CLOSED.value)
            .order_by(PollRow.id.desc())
        )
        return to_poll(row) if row else None

    async def get(self, poll_id: int) -> Poll | None:
        row = await self.session.get(PollRow, poll_id)
        return to_poll(row) if row else None

    async def add(self, poll: Poll) -> Poll:
        row = PollRow(
            club_id=poll.club_id,
            method=poll.method,
            anonymous=poll.anonymous,
            status=poll.status.value,
            opened_at=poll.opened_at,
            closes_at=poll.closes_at,
            candidates=list(poll.candidates),
            winner_paper_id=poll.winner_paper_id,
            session_id=poll.session_id,
        )
        self.session.add(row)
        await self.session.flush()
        mark_changed(self.session, poll.club_id)
        return to_poll(row)

    async def update(self, poll: Poll) -> None:
        row = await self.session.get(PollRow, poll.id)
        if row is None:
            raise LookupError(f"poll {poll.id} vanished")
        row.status = poll.status.value
        row.closes_at = poll.closes_at
        row.candidates = list(poll.candidates)
        row.winner_paper_id = poll.winner_paper_id
        row.anonymous = poll.anonymous
        row.session_id = poll.session_id
        await self.session.flush()
        mark_changed(self.session, row.club_id)

    async def put_ballot(self, ballot: Ballot) -> None:
        voter = await member_id(self.session, ballot.member, ballot.cast_at)
        # One statement, keyed on (poll, member): a double click races to the same row and the
        # last write wins, never a second ballot.
        statement = insert_for(self.session, BallotRow).values(
            poll_id=ballot.poll_id,
            member_id=voter,
            choices=list(ballot.choices),
            cast_at=ballot.cast_at,
        )
        statement = statement.on_conflict_do_update(
            index_elements=["poll_id", "member_id"],
            set_={"choices": statement.excluded.choices, "cast_at": statement.excluded.cast_at},
        )
        await self.session.execute(statement)

    async def ballots(self, poll_id: int) -> list[Ballot]:
        return await self.ballots_for([poll_id])

    async def for_club(self, club_id: int) -> list[Poll]:
        rows = await self.session.scalars(
            select(PollRow).where(PollRow.club_id == club_id).order_by(PollRow.id)
        )
        return [to_poll(row) for row in rows]

    async def choices_for(self, poll_ids: Sequence[int]) -> dict[int, list[tuple[int, ...]]]:
        if not poll_ids:
            return {}
        rows = await self.session.execute(
            select(BallotRow.poll_id, BallotRow.choices)
            .where(BallotRow.poll_id.in_(poll_ids))
            .order_by(BallotRow.id)
        )
        found: dict[int, list[tuple[int, ...]]] = {}
        for poll_id, choices in rows:
            found.setdefault(int(poll_id), []).append(tuple(choices))
        return found

    async def ballots_for(self, poll_ids: Sequence[int]) -> list[Ballot]:
        if not poll_ids:
            return []
        rows = await self.session.execute(
            select(BallotRow, MemberRow)
            .join(MemberRow, MemberRow.id == BallotRow.member_id)
            .where(BallotRow.poll_id.in_(poll_ids))
            .order_by(BallotRow.id)
        )
        return [
            Ballot(
                poll_id=row.poll_id,
                member=member_key(member),
                choices=tuple(row.choices),
                cast_at=row.cast_at,
            )
            for row, member in rows
        ]
