"""Posts the bot owes a channel: one outbox entry per (club, session, kind)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class PostKind(StrEnum):
    ANNOUNCEMENT = "announcement"
    REMINDER = "reminder"
    START = "start"
    VOTE_OPEN = "vote_open"
    VOTE_CLOSED = "vote_closed"
    NUDGE = "nudge"  # members who said they'd come but haven't voted, before the close
    NOTICE = "notice"  # a one-off post queued with its view already built
    # A member's private reminder before a session they said they'd come to: to their DMs,
    # queued when they opt in or answer (see usecases/member_reminders), not by the plan.
    DM_REMINDER = "dm_reminder"
    # Not a message: one state of a session's entry in the platform's calendar (a Discord
    # Scheduled Event), planned by `eventplan` and synced through `EventMirror`.
    EVENT = "event"


# The kinds the weekly plan owns: re-planning may add, move or cancel these, and nothing else.
# (Event rows are reconciled by `eventplan`, and only for platforms that can show them.)
PLANNED_KINDS = frozenset(PostKind) - {PostKind.NOTICE, PostKind.EVENT, PostKind.DM_REMINDER}
# Where an entry keeps the message prepared for it, so a resend after a crash is the same one.
VIEW = "view"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by one process; reclaimable once the claim goes stale
    SENT = "sent"
    MISSED = "missed"  # too late to be worth sending
    CANCELLED = "cancelled"  # re-planning made it obsolete, or there was nothing to say
    FAILED = "failed"  # gave up after repeated errors


@dataclass(frozen=True, slots=True)
class PlannedPost:
    """A post the weekly plan wants, before it is stored."""

    key: str
    club_id: int
    session_id: int | None
    kind: PostKind
    due_at: datetime  # when it should go out, aware UTC
    expires_at: datetime  # after this it is pointless (e.g. a reminder after the start)


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    id: int
    key: str
    club_id: int
    session_id: int | None
    kind: PostKind
    due_at: datetime
    status: OutboxStatus
    attempts: int = 0
    claimed_by: str | None = None
    claimed_at: datetime | None = None
    sent_at: datetime | None = None
    platform_message_id: str | None = None
    last_error: str | None = None
    payload: Mapping[str, object] = field(default_factory=dict)

    @property
    def prepared(self) -> bool:
        """An earlier claim already fixed what the post says (and stored it)."""
        return self.payload.get(VIEW) is not None

    @property
    def needs_view(self) -> bool:
        """Sending it means building its message first (and storing it with the claim)."""
        return not self.prepared and self.kind != PostKind.EVENT


def post_key(club_id: int, session_id: int, kind: PostKind) -> str:
    return f"club:{club_id}:session:{session_id}:{kind.value}"


def poll_key(club_id: int, poll_id: int, kind: PostKind) -> str:
    return f"club:{club_id}:poll:{poll_id}:{kind.value}"
