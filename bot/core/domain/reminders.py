"""A member's own reminder before the sessions they said they'd come to, sent to their DMs."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.domain.attendance import RsvpStatus
from bot.core.domain.ids import ClubKey, MemberKey

DEFAULT_LEAD_MINUTES = 60
MAX_LEAD_MINUTES = 7 * 24 * 60
# The answers a reminder is for: "not going" (or no answer) gets none.
REMINDED = frozenset({RsvpStatus.GOING, RsvpStatus.MAYBE})
# Where a DM reminder's outbox entry names its member (a user id in the club's workspace).
MEMBER = "member"
LEAD = "lead_minutes"  # and the lead time it was queued with, to follow a moved session


def lead_of(payload: Mapping[str, object]) -> int | None:
    lead = payload.get(LEAD)
    return lead if isinstance(lead, int) and not isinstance(lead, bool) else None


def dm_key(club_id: int, session_id: int, member: MemberKey) -> str:
    """One DM per member per session, ever: the outbox key is unique."""
    return f"club:{club_id}:session:{session_id}:dm:{member.user_id}"


def member_of(club: ClubKey, payload: Mapping[str, object]) -> MemberKey | None:
    user_id = payload.get(MEMBER)
    if not isinstance(user_id, str) or not user_id:
        return None
    return MemberKey(club.platform, club.workspace_id, user_id)
