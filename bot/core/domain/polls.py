"""Polls on the next paper and the members' ballots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.core.domain.ids import MemberKey


class PollStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"  # an admin called it off: no winner, nothing was decided


@dataclass(frozen=True, slots=True)
class Poll:
    id: int
    club_id: int
    method: str  # a key of the voting-method registry (voting.methods)
    anonymous: bool
    status: PollStatus
    opened_at: datetime
    closes_at: datetime
    candidates: tuple[int, ...]  # paper ids, in tie-break order
    winner_paper_id: int | None = None
    # The session it decides, fixed when it opens, so closing early decides that same one.
    # None for polls from before sessions were named (and if that session was deleted).
    session_id: int | None = None


@dataclass(frozen=True, slots=True)
class Ballot:
    poll_id: int
    member: MemberKey
    choices: tuple[int, ...]  # paper ids: a ranking, or the approved set; () withdraws
    cast_at: datetime
