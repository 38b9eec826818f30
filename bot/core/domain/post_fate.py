"""What happens to a scheduled post now: every rule about its fate, in one pure function.

`decide` looks at the outbox entry, its club, its session, the time and the delivery policy and
returns a typed verdict: send it (saying whether it is late), defer it, retry it after a
failure, or end it as missed, cancelled or given up. Delivery (bot/scheduling/delivery.py) only
claims the entry, asks, and does what the verdict says; each verdict names the outbox status it
leaves the entry in, so no other layer maps one to the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from bot.core.domain.clubs import Club
from bot.core.domain.mirrors import SessionMirror
from bot.core.domain.outbox import OutboxEntry, OutboxStatus, PostKind
from bot.core.domain.polls import Poll
from bot.core.domain.sessions import Session, SessionStatus


@dataclass(frozen=True, slots=True)
class PostPolicy:
    """The operator's knobs (settings `post_grace_hours`; the rest are fixed)."""

    grace: timedelta = timedelta(hours=6)  # later than this after its due time: missed
    max_attempts: int = 5  # claims of one entry; a failure on the last one gives up
    # Within this a post counts as on time (the scheduler wakes a little after the instant).
    on_time: timedelta = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Send:
    """Post it now. `late`: past the on-time window, so the post says it is late."""

    late: bool = False
    status: ClassVar[OutboxStatus] = OutboxStatus.SENT

    @property
    def outcome(self) -> str:
        return "late" if self.late else "sent"


@dataclass(frozen=True, slots=True)
class _NotSent:
    reason: str  # kept with the entry (its last_error), and logged
    status: ClassVar[OutboxStatus]
    outcome: ClassVar[str | None] = None  # what the metrics count it as, if anything


@dataclass(frozen=True, slots=True)
class Defer(_NotSent):
    """Not yet: give the claim back untouched and look again on the next tick."""

    status = OutboxStatus.PENDING


@dataclass(frozen=True, slots=True)
class Retry(_NotSent):
    """This attempt failed; give the claim back so a later tick tries again."""

    status = OutboxStatus.PENDING


@dataclass(frozen=True, slots=True)
class Missed(_NotSent):
    """Too late to mean anything: never sent."""

    status = OutboxStatus.MISSED
    outcome = "missed"


@dataclass(frozen=True, slots=True)
class Cancel(_NotSent):
    """Obsolete: the club paused, the session was skipped or is gone, or it started already."""

    status = OutboxStatus.CANCELLED


@dataclass(frozen=True, slots=True)
class GiveUp(_NotSent):
    """Failed on its last allowed attempt."""

    status = OutboxStatus.FAILED
    outcome = "failed"


Verdict = Send | Defer | Retry | Missed | Cancel | GiveUp
Unsent = Defer | Retry | Missed | Cancel | GiveUp  # every verdict but Send has a reason
# The verdicts after which the entry is history: nothing more is tried.
FINAL: tuple[type[Missed | Cancel | GiveUp], ...] = (Missed, Cancel, GiveUp)


def decide(
    entry: OutboxEntry,
    club: Club,
    session: Session | None,
    now: datetime,
    policy: PostPolicy,
    *,
    poll: Poll | None = None,
    calendar: bool = True,
    failure: str | None = None,
    permanent: bool = False,
) -> Verdict:
    """The fate of `entry`, claimed at `now` (`entry` as it was before the claim).

    `session` is the entry's session as stored now (None when it has none, or it is gone);
    `poll` the club's open poll, if any; `calendar` whether the club's platform keeps sessions
    in its own calendar (for `event` entries); `failure` the error of the attempt that just
    failed, if one did: then only the attempts left count, unless the platform refused it for
    good (`permanent`: a member's closed DMs), which no retry changes.
    """
    if failure is not None and permanent:
        return GiveUp(failure)
    if failure is not None:
        # The claim being judged is attempt number `attempts + 1`.
        if entry.attempts + 1 >= policy.max_attempts:
            return GiveUp(failure)
        return Retry(failure)
    if entry.kind == PostKind.EVENT:
        return _event(entry, now, calendar)
    # A prepared entry (claimed before, its message stored, then the process died) is past
    # these: what it says is fixed and the vote it opens or closes already did, so only
    # lateness can stop it now.
    if not entry.prepared:
        if club.settings.paused:
            return Cancel("the club is paused")
        if entry.session_id is not None and (
            session is None or session.status == SessionStatus.SKIPPED
        ):
            return Cancel("the session is gone or skipped")
    if too_late(entry.kind, entry.due_at, session, now, policy.grace):
        return Missed(f"too late at {now.isoformat()}")
    if (
        entry.kind == PostKind.ANNOUNCEMENT
        and not entry.prepared
        and poll is not None
        and poll.closes_at <= now
    ):
        # The vote that decides this paper closes at this very moment; its closing post goes
        # first (another process may be on it), so the card names the winner.
        return Defer("waiting for the vote to close")
    return Send(late=now - entry.due_at >= policy.on_time)


def _event(entry: OutboxEntry, now: datetime, calendar: bool) -> Verdict:
    """A session's calendar entry is synced, not posted; paused clubs and skipped sessions
    still sync (to show the entry cancelled), so only the platform and the start count."""
    mirror = SessionMirror.from_payload(entry.payload)
    if mirror is None or not calendar:
        return Cancel("no calendar here")
    if mirror.starts_at <= now:
        # Platforms refuse entries starting in the past, and a session under way needs none.
        return Cancel("the session started")
    return Send()


def too_late(
    kind: str, due_at: datetime, session: Session | None, now: datetime, grace: timedelta
) -> bool:
    """Late beyond the grace period, or past the point where the post means anything: an
    announcement or reminder once its session started, a start post once it ended."""
    if now - due_at > grace:
        return True
    if session is None:
        return False
    if kind in (PostKind.ANNOUNCEMENT, PostKind.REMINDER, PostKind.DM_REMINDER):
        return now >= session.starts_at
    if kind == PostKind.START:
        return now >= session.ends_at
    return False
