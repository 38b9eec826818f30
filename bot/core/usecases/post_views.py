"""What each kind of scheduled post says, built from the club's state when it is claimed: the
announcement (announcement_post), the reminder and start notices with their buttons, and the
vote's opening, closing and nudge (vote_cycle). Building a vote post opens or closes the vote,
in the claim's transaction."""

from __future__ import annotations

from datetime import datetime

from bot.core.commands.context import Publishing
from bot.core.domain.clubs import Club
from bot.core.domain.outbox import OutboxEntry, PostKind
from bot.core.domain.sessions import Session
from bot.core.planning import sessionplan as planning
from bot.core.planning.calendar import format_local
from bot.core.ports import UnitOfWork
from bot.core.text import t
from bot.core.usecases import member_reminders, vote_cycle
from bot.core.usecases.announcement_post import announcement
from bot.core.usecases.corrections import correction_view
from bot.core.usecases.session_buttons import checkin_action, rsvp_actions
from bot.core.views import Notice, View


async def build(
    uow: UnitOfWork,
    club: Club,
    entry: OutboxEntry,
    session: Session | None,
    now: datetime,
    links: Publishing,
) -> View | None:
    """The view of `entry`; None when there is nothing to post (a vote too few papers to open)."""
    kind = entry.kind
    if kind == PostKind.VOTE_OPEN:
        return await vote_cycle.open_vote(uow, club, now)
    if kind == PostKind.VOTE_CLOSED:
        return await vote_cycle.close_due_votes(uow, club, now)
    if kind == PostKind.NUDGE:
        return await vote_cycle.nudge(uow, club, now)
    if kind == PostKind.NOTICE:
        return correction_view(entry)
    if session is None:
        return None
    if kind == PostKind.ANNOUNCEMENT:
        return await announcement(uow, club, session, now, links.public_base_url)
    title = await _paper_title(uow, club, session, now)
    local = format_local(session.starts_at, club.settings.timezone)
    if kind == PostKind.DM_REMINDER:
        return await member_reminders.dm_view(uow, club, entry, session, title)
    if kind == PostKind.REMINDER:
        return Notice(
            t("⏰ Reminder: we meet {when} about {paper}.", when=local, paper=title),
            details=(t("Let us know if you're coming."),),
            actions=rsvp_actions(session.id),
        )
    if kind == PostKind.START:
        return Notice(
            t("🟢 Starting now: {paper}.", paper=title),
            details=(t("Check in so we know you came: press the button or type /attend."),),
            actions=(checkin_action(session.id),),
        )
    return None


async def _paper_title(uow: UnitOfWork, club: Club, session: Session, now: datetime) -> str:
    for planned in await planning.upcoming(uow, club, now):
        if planned.session.id == session.id and planned.paper is not None:
            return f"“{planned.paper.title}”"
    return t("the paper still to be decided")
