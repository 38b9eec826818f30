"""The scheduler's side of voting: open the poll after a session, close it before the next
announcement. Both are idempotent, so a repeated tick does nothing twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.commands.values import line_for
from bot.core.domain.attendance import RsvpStatus
from bot.core.domain.clubs import Club
from bot.core.domain.errors import Conflict
from bot.core.domain.sessions import SessionStatus
from bot.core.planning.calendar import format_local
from bot.core.ports import UnitOfWork
from bot.core.text import t
from bot.core.usecases import poll_opening
from bot.core.usecases.ballot_commands import SHOW, ShowPoll
from bot.core.usecases.poll_candidates import candidate_views, poll_session
from bot.core.usecases.poll_closing import close_poll
from bot.core.usecases.poll_view import poll_view
from bot.core.views import Action, ActionStyle, Notice, View
from bot.core.wording import join_names


async def open_vote(uow: UnitOfWork, club: Club, now: datetime) -> View | None:
    """Open the club's poll for its next undecided session; None if one is open or none fits."""
    if await uow.polls.open_for(club.id) is not None:
        return None
    try:
        poll = await poll_opening.open_poll(uow, club, now)
    except Conflict:
        return None
    candidates = await candidate_views(uow, poll)
    session = await poll_session(uow, poll)
    return poll_view(club, poll, candidates, 0, session=session, announce=True)


async def close_due_votes(uow: UnitOfWork, club: Club, now: datetime) -> View | None:
    """Close the open poll if its deadline has passed; the results view to post, else None."""
    poll = await uow.polls.open_for(club.id)
    if poll is None or poll.closes_at > now:
        return None
    return await close_poll(uow, club, poll, now)


NUDGE_BEFORE = timedelta(days=1)


async def nudge(uow: UnitOfWork, club: Club, now: datetime) -> View | None:
    """For clubs that opted in: a day before the close, name the members who said they'd come
    but haven't voted yet. None when there is nobody to nudge."""
    if not club.settings.vote_nudge:
        return None
    poll = await uow.polls.open_for(club.id)
    if poll is None or not (poll.closes_at - NUDGE_BEFORE <= now < poll.closes_at):
        return None
    voted = {b.member for b in await uow.polls.ballots(poll.id)}
    upcoming = [
        s
        for s in await uow.sessions.between(club.id, now, limit=3)
        if s.status == SessionStatus.PLANNED
    ]
    rsvps = await uow.attendance.rsvps_for([s.id for s in upcoming])
    waiting = sorted(
        {r.member for r in rsvps if r.status in (RsvpStatus.GOING, RsvpStatus.MAYBE)} - voted,
        key=lambda m: m.user_id,
    )
    if not waiting:
        return None
    names = await uow.members.display_names(waiting)
    closes = format_local(poll.closes_at, club.settings.timezone)
    return Notice(
        t("The vote on the next paper closes {closes}.", closes=closes),
        details=(
            t(
                "Still to vote: {names}",
                names=join_names([names.get(m, m.user_id) for m in waiting]),
            ),
        ),
        actions=(Action(t("Vote now"), line_for(SHOW, (), ShowPoll()), ActionStyle.PRIMARY),),
    )
