"""Which posts a club's channel is owed, and keeping the outbox in line with that.

`plan_posts` is pure: from the club's settings, its sessions and its open poll it lists the
posts the week needs. `sync_posts` reconciles the stored outbox with that list after every
change (a tick, a skip, a rule change): obsolete pending posts are cancelled, moved sessions
move their posts, new sessions get theirs. Posts already sent, missed or being sent are history
and never touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.core.domain.clubs import Club
from bot.core.domain.outbox import (
    PLANNED_KINDS,
    OutboxEntry,
    OutboxStatus,
    PlannedPost,
    PostKind,
    poll_key,
    post_key,
)
from bot.core.domain.polls import Poll
from bot.core.domain.reminders import lead_of
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.ports import UnitOfWork
from bot.core.usecases.vote_cycle import NUDGE_BEFORE

# How far back re-planning looks: long enough that a session which just ended still owns its
# vote_open post, short enough that old history is left alone.
RECENT = timedelta(days=2)
# A vote that did not open within a day of the session is better left to the next one.
VOTE_OPEN_WINDOW = timedelta(days=1)
VOTE_CLOSED_WINDOW = timedelta(days=1)


def plan_posts(
    club: Club, sessions: Sequence[Session], open_poll: Poll | None
) -> list[PlannedPost]:
    """The posts the club should have for these sessions; none at all while it is paused."""
    s = club.settings
    if s.paused:
        return []
    posts: list[PlannedPost] = []

    def add(session: Session, kind: PostKind, due: datetime, expires: datetime) -> None:
        posts.append(
            PlannedPost(
                post_key(club.id, session.id, kind), club.id, session.id, kind, due, expires
            )
        )

    for session in sessions:
        if session.status == SessionStatus.SKIPPED:
            continue
        start, end = session.starts_at, session.ends_at
        if s.post_announcement:
            add(
                session,
                PostKind.ANNOUNCEMENT,
                start - timedelta(minutes=s.announce_before_minutes),
                start,
            )
        if s.post_reminder:
            add(
                session,
                PostKind.REMINDER,
                start - timedelta(minutes=s.remind_before_minutes),
                start,
            )
        if s.post_start:
            add(session, PostKind.START, start, end)
        if s.post_vote:
            add(session, PostKind.VOTE_OPEN, end, end + VOTE_OPEN_WINDOW)
    if open_poll is not None and s.vote_nudge:
        posts.append(
            PlannedPost(
                poll_key(club.id, open_poll.id, PostKind.NUDGE),
                club.id,
                None,
                PostKind.NUDGE,
                open_poll.closes_at - NUDGE_BEFORE,
                open_poll.closes_at,
            )
        )
    if open_poll is not None:
        # Closing fixes the winner to a session, so it is planned even when vote posts are off.
        posts.append(
            PlannedPost(
                poll_key(club.id, open_poll.id, PostKind.VOTE_CLOSED),
                club.id,
                None,
                PostKind.VOTE_CLOSED,
                open_poll.closes_at,
                open_poll.closes_at + VOTE_CLOSED_WINDOW,
            )
        )
    return posts


async def sync_posts(uow: UnitOfWork, club: Club, now: datetime) -> None:
    """Bring the club's stored posts in line with its plan (the caller commits)."""
    since = now - RECENT
    sessions = await uow.sessions.between(club.id, since)
    wanted = {p.key: p for p in plan_posts(club, sessions, await uow.polls.open_for(club.id))}
    existing = {e.key: e for e in await uow.outbox.entries(club.id, since)}
    # A fixed order keeps concurrent planners from locking rows in opposite orders.
    for key in sorted(existing):
        entry = existing[key]
        if (
            key not in wanted
            and entry.kind in PLANNED_KINDS
            and entry.status == OutboxStatus.PENDING
        ):
            await uow.outbox.cancel(entry.id, "no longer in the plan")
    for key in sorted(wanted):
        await _apply(uow, wanted[key], existing.get(key), now)
    await _follow_moved_sessions(uow, sessions, existing, now)


async def _follow_moved_sessions(
    uow: UnitOfWork, sessions: Sequence[Session], entries: dict[str, OutboxEntry], now: datetime
) -> None:
    """A member's DM reminder is not in the plan (it follows their RSVP), but it follows its
    session when an admin moves it: still due its lead time before the new start."""
    starts = {s.id: s.starts_at for s in sessions}
    for key in sorted(entries):
        entry = entries[key]
        lead, session_id = lead_of(entry.payload), entry.session_id
        if (
            entry.kind != PostKind.DM_REMINDER
            or entry.status != OutboxStatus.PENDING
            or session_id is None
            or session_id not in starts
            or lead is None
        ):
            continue
        due = max(starts[session_id] - timedelta(minutes=lead), now)
        if entry.due_at > now and entry.due_at != due:
            await uow.outbox.reschedule(entry.id, due, OutboxStatus.PENDING)


async def _apply(
    uow: UnitOfWork, post: PlannedPost, entry: OutboxEntry | None, now: datetime
) -> None:
    # A post planned for a moment already past (a new club, a changed lead time) goes out now
    # if it still makes sense; a post that was simply not sent on time keeps its due time, so
    # the missed-while-down policy can judge it.
    due = max(post.due_at, now)
    if entry is None:
        if post.expires_at > now:
            await uow.outbox.add(post, due)
    elif entry.status == OutboxStatus.PENDING:
        if entry.due_at > now and entry.due_at != due:
            await uow.outbox.reschedule(entry.id, due, OutboxStatus.PENDING)
    elif entry.status == OutboxStatus.CANCELLED and post.expires_at > now:
        await uow.outbox.reschedule(entry.id, due, OutboxStatus.CANCELLED)
