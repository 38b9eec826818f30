"""What a scheduled post says, decided once, when a process claims it.

The view is built from the club's state at that moment (the paper may have changed since the
post was planned: a vote, a skip), and the caller stores it with the claim, so a retry after a
crash resends the very same message.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from bot.core.commands.context import Deps
from bot.core.domain.clubs import Club
from bot.core.domain.outbox import OutboxEntry, PostKind
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.planning.calendar import format_local
from bot.core.ports import UnitOfWork
from bot.core.usecases import vote_cycle
from bot.core.usecases.common import paper_card
from bot.core.usecases.show_schedule import calendar_url
from bot.core.views import Action, ActionStyle, Notice, View

# Within this, a post counts as on time: the scheduler wakes a little after the due instant.
ON_TIME = timedelta(minutes=5)


class Verdict(StrEnum):
    SEND = "send"
    MISSED = "missed"
    CANCELLED = "cancelled"
    DEFER = "defer"  # not yet: give the claim back and try again on the next tick


@dataclass(frozen=True, slots=True)
class Prepared:
    verdict: Verdict
    view: View | None = None
    reason: str = ""


def rsvp_actions(session_id: int) -> tuple[Action, ...]:
    return (
        Action("Going", f"/rsvp going {session_id}", ActionStyle.SUCCESS, "✅"),
        Action("Maybe", f"/rsvp maybe {session_id}", ActionStyle.SECONDARY, "🤔"),
        Action("Can't make it", f"/rsvp no {session_id}", ActionStyle.SECONDARY, "❌"),
    )


def checkin_action(session_id: int) -> Action:
    return Action("I'm here", f"/attend {session_id}", ActionStyle.PRIMARY, "✋")


def too_late(
    kind: str, due_at: datetime, session: Session | None, now: datetime, grace: timedelta
) -> bool:
    """Late beyond the grace period, or past the point where the post means anything."""
    if now - due_at > grace:
        return True
    if session is None:
        return False
    if kind in (PostKind.ANNOUNCEMENT, PostKind.REMINDER):
        return now >= session.starts_at
    if kind == PostKind.START:
        return now >= session.ends_at
    return False


def late_note(due_at: datetime, now: datetime, zone: str) -> str | None:
    if now - due_at < ON_TIME:
        return None
    return f"Sorry, this is late: it was due {format_local(due_at, zone)}, and I was offline."


async def prepare(
    uow: UnitOfWork, club: Club, entry: OutboxEntry, now: datetime, grace: timedelta, deps: Deps
) -> Prepared:
    """Decide whether the claimed post goes out, and with what view (side effects included:
    opening or closing a vote happens here, in the claim's transaction)."""
    if club.settings.paused:
        return Prepared(Verdict.CANCELLED, reason="the club is paused")
    session = await uow.sessions.get(entry.session_id) if entry.session_id is not None else None
    if entry.session_id is not None and (
        session is None or session.status == SessionStatus.SKIPPED
    ):
        return Prepared(Verdict.CANCELLED, reason="the session is gone or skipped")
    if too_late(entry.kind, entry.due_at, session, now, grace):
        return Prepared(Verdict.MISSED, reason=f"too late at {now.isoformat()}")
    if entry.kind == PostKind.ANNOUNCEMENT:
        poll = await uow.polls.open_for(club.id)
        if poll is not None and poll.closes_at <= now:
            # The vote that decides this paper closes at this very moment; its closing post
            # goes first (another process may be on it), so the card names the winner.
            return Prepared(Verdict.DEFER, reason="waiting for the vote to close")
    view = await _build(uow, club, entry, session, now, deps)
    if view is None:
        return Prepared(Verdict.CANCELLED, reason="nothing to post")
    return Prepared(Verdict.SEND, view)


async def _build(
    uow: UnitOfWork,
    club: Club,
    entry: OutboxEntry,
    session: Session | None,
    now: datetime,
    deps: Deps,
) -> View | None:
    kind = entry.kind
    if kind == PostKind.VOTE_OPEN:
        return await vote_cycle.open_vote(uow, club, now, deps)
    if kind == PostKind.VOTE_CLOSED:
        return await vote_cycle.close_due_votes(uow, club, now, deps)
    if kind == PostKind.NUDGE:
        return await vote_cycle.nudge(uow, club, now, deps)
    if session is None:
        return None
    if kind == PostKind.ANNOUNCEMENT:
        return await announcement(uow, club, session, now, deps)
    title = await _paper_title(uow, club, session, now)
    local = format_local(session.starts_at, club.settings.timezone)
    if kind == PostKind.REMINDER:
        return Notice(
            f"⏰ Reminder: we meet {local} about {title}.",
            details=("Let us know if you're coming.",),
            actions=rsvp_actions(session.id),
        )
    if kind == PostKind.START:
        return Notice(
            f"🟢 Starting now: {title}.",
            details=("Check in so we know you came: press the button or type /attend.",),
            actions=(checkin_action(session.id),),
        )
    return None


async def _paper_title(uow: UnitOfWork, club: Club, session: Session, now: datetime) -> str:
    for planned in await planning.upcoming(uow, club, now):
        if planned.session.id == session.id and planned.paper is not None:
            return f"“{planned.paper.title}”"
    return "the paper still to be decided"


async def announcement(
    uow: UnitOfWork, club: Club, session: Session, now: datetime, deps: Deps
) -> View:
    """The paper card for the session, with RSVP buttons and the calendar link."""
    local = format_local(session.starts_at, club.settings.timezone)
    paper = next(
        (p.paper for p in await planning.upcoming(uow, club, now) if p.session.id == session.id),
        None,
    )
    if paper is None:
        return Notice(
            f"📅 Next session: {local}. The paper is still to be decided.",
            details=("Suggest one with /suggest.",),
            actions=rsvp_actions(session.id),
        )
    presenter = None
    if session.presenter is not None:
        presenter = (await uow.members.display_names([session.presenter])).get(session.presenter)
    card = paper_card(paper, club.settings.language, heading=f"Next session: {local}")
    return replace(
        card,
        session_at=session.starts_at,
        session_local=local,
        presenter=presenter,
        actions=rsvp_actions(session.id),
        calendar_url=calendar_url(deps.public_base_url, club.calendar_token),
    )
