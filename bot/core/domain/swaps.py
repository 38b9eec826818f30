"""A presenter's request to trade sessions with another presenter, waiting for their consent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.core.domain.ids import MemberKey

# How long the other member has to answer; never past either session's start.
SWAP_TTL = timedelta(hours=48)


class SwapStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # the requester asked again, or for another session


@dataclass(frozen=True, slots=True)
class SwapRequest:
    id: int
    club_id: int
    requester: MemberKey
    requester_session_id: int  # the session the requester gives away
    target: MemberKey  # the member asked: the presenter of `target_session_id`
    target_session_id: int  # the session the requester wants
    created_at: datetime
    expires_at: datetime
    status: SwapStatus = SwapStatus.PENDING

    def open_at(self, now: datetime) -> bool:
        """Still waiting for an answer: pending, and not expired (on the injected clock)."""
        return self.status == SwapStatus.PENDING and now < self.expires_at


@dataclass(frozen=True, slots=True)
class NewSwapRequest:
    club_id: int
    requester: MemberKey
    requester_session_id: int
    target: MemberKey
    target_session_id: int
    created_at: datetime
    expires_at: datetime
