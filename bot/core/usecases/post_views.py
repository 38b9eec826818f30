"""What each kind of scheduled post says, built from the club's state when it is claimed: the
announcement's paper card, the reminder and start notices with their buttons, and the vote's
opening, closing and nudge (vote_cycle). Building a vote post opens or closes the vote, in the
claim's transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.core.commands.context import Publishing
from bot.core.domain.clubs import Club
from bot.core.domain.outbox import OutboxEntry, PostKind
from bot.core.domain.papers import QueueState
from bot.core.domain.sessions import Session
from bot.core.planning import sessionplan as planning
from bot.core.planning.calendar import format_local
from bot.core.ports import UnitOfWork
from bot.core.text import t
from bot.core.usecases import check_in, member_reminders, rsvp, vote_cycle
from bot.core.usecases.check_in import Attend
from bot.core.usecases.corrections import correction_view
from bot.core.usecases.paper_cards import club_card
from bot.core.usecases.rsvp import AnswerRsvp
from bot.core.usecases.show_schedule import calendar_url
from bot.core.views import Action, ActionStyle, Notice, View


def rsvp_actions(session_id: int) -> tuple[Action, ...]:
    def answer(word: str) -> str:
        return rsvp.SPEC.line(AnswerRsvp(word, session_id))

    return (
        Action(t("Going"), answer("going"), ActionStyle.SUCCESS, "✅"),
        Action(t("Maybe"), answer("maybe"), ActionStyle.SECONDARY, "🤔"),
        Action(t("Can't make it"), answer("no"), ActionStyle.SECONDARY, "❌"),
    )


def checkin_action(session_id: int) -> Action:
    return Action(t("I'm here"), check_in.SPEC.line(Attend(session_id)), ActionStyle.PRIMARY, "✋")


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


async def announcement(
    uow: UnitOfWork, club: Club, session: Session, now: datetime, public_base_url: str | None
) -> View:
    """The paper card for the session, with RSVP buttons and the calendar link."""
    local = format_local(session.starts_at, club.settings.timezone)
    paper = next(
        (p.paper for p in await planning.upcoming(uow, club, now) if p.session.id == session.id),
        None,
    )
    feed = calendar_url(public_base_url, club.calendar_token)
    if paper is None:
        details: tuple[str, ...] = (t("Suggest one with /suggest."),)
        if feed is not None:
            details += (t("Add the sessions to your calendar: {url}", url=feed),)
        return Notice(
            t("📅 Next session: {when}. The paper is still to be decided.", when=local),
            details=details,
            actions=rsvp_actions(session.id),
        )
    if session.paper_id is None:
        # Announced is promised: from now on the paper is this session's, so a later vote, a
        # queue change or a skip elsewhere cannot swap it silently (`planning.announced`).
        await uow.sessions.update(replace(session, paper_id=paper.id))
        await uow.queue.set_state(club.id, paper.id, QueueState.SCHEDULED)
    presenter = None
    if session.presenter is not None:
        presenter = (await uow.members.display_names([session.presenter])).get(session.presenter)
    card = await club_card(uow, club, paper, heading=t("Next session: {when}", when=local))
    return replace(
        card,
        session_at=session.starts_at,
        session_local=local,
        presenter=presenter,
        actions=rsvp_actions(session.id),
        calendar_url=feed,
    )
