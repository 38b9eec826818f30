"""Queueing a member's DM reminders: one outbox entry per (session, member), due the member's
lead time before the start. Whether it is still wanted (opted in, going or maybe) is decided
again when it is sent, so an opt-out or a "not going" needs no clean-up here."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.domain.attendance import RsvpStatus
from bot.core.domain.clubs import Club
from bot.core.domain.ids import MemberKey
from bot.core.domain.outbox import OutboxEntry, OutboxStatus, PlannedPost, PostKind
from bot.core.domain.reminders import LEAD, MEMBER, REMINDED, dm_key, member_of
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning.calendar import format_local
from bot.core.ports import UnitOfWork
from bot.core.text import t
from bot.core.views import Notice


async def queue_one(
    uow: UnitOfWork, club: Club, session: Session, member: MemberKey, lead: int, now: datetime
) -> bool:
    """Queue (or move, while still pending) the member's reminder for `session`; False if it
    is too late for one or it already went out."""
    if session.status != SessionStatus.PLANNED or session.starts_at <= now:
        return False
    due = max(session.starts_at - timedelta(minutes=lead), now)
    key = dm_key(club.id, session.id, member)
    post = PlannedPost(key, club.id, session.id, PostKind.DM_REMINDER, due, session.starts_at)
    if await uow.outbox.add(post, due, {MEMBER: member.user_id, LEAD: lead}):
        return True
    since = now - timedelta(days=8)
    for entry in await uow.outbox.entries(club.id, since=since):
        if entry.key != key:
            continue
        if entry.status == OutboxStatus.PENDING and entry.due_at != due:
            await uow.outbox.reschedule(entry.id, due, OutboxStatus.PENDING)
            await uow.outbox.save_payload(entry.id, {**entry.payload, LEAD: lead})
        return entry.status == OutboxStatus.PENDING
    return False


async def queue_all(
    uow: UnitOfWork, club: Club, member: MemberKey, lead: int, now: datetime, weeks: int
) -> int:
    """Queue the member's reminders for every upcoming session they said they'd come to."""
    sessions = await uow.sessions.between(club.id, now, now + timedelta(weeks=weeks))
    answers = await uow.attendance.rsvps_for([s.id for s in sessions])
    coming = {r.session_id for r in answers if r.member == member and r.status in REMINDED}
    queued = 0
    for session in sessions:
        if session.id in coming and await queue_one(uow, club, session, member, lead, now):
            queued += 1
    return queued


async def dm_view(
    uow: UnitOfWork, club: Club, entry: OutboxEntry, session: Session, title: str
) -> Notice | None:
    """The private reminder, if the member still wants it: opted in, and going or maybe.
    None otherwise (the entry is then cancelled, never sent)."""
    member = member_of(club.key, entry.payload)
    if member is None or await uow.members.reminder_lead(club.id, member) is None:
        return None
    answers = [r for r in await uow.attendance.rsvps(session.id) if r.member == member]
    if not answers or answers[-1].status not in REMINDED:
        return None
    said = (
        t("You said you're going.")
        if answers[-1].status == RsvpStatus.GOING
        else t("You said you may come.")
    )
    local = format_local(session.starts_at, club.settings.timezone)
    return Notice(
        t("⏰ {club} meets {when} about {paper}.", club=club.name, when=local, paper=title),
        details=(
            said,
            t(
                "Changed your mind? /rsvp no in the club's channel. No more of these: /remind "
                "off there."
            ),
        ),
    )
