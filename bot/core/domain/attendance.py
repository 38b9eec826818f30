"""RSVPs and check-ins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.core.domain.ids import MemberKey


class RsvpStatus(StrEnum):
    GOING = "going"
    MAYBE = "maybe"
    NOT_GOING = "not_going"


@dataclass(frozen=True, slots=True)
class Rsvp:
    session_id: int
    member: MemberKey
    status: RsvpStatus
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class CheckIn:
    session_id: int
    member: MemberKey
    checked_in_at: datetime
    source: str = "command"
