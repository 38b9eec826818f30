"""The scheduler's side of voting: open the poll after a session, close it before the next
announcement. Both are idempotent, so a repeated tick does nothing twice."""

from __future__ import annotations

from datetime import datetime

from bot.core.context import Deps
from bot.core.domain.clubs import Club
from bot.core.domain.errors import Conflict
from bot.core.ports import UnitOfWork
from bot.core.usecases import polls
from bot.core.usecases.vote import close_poll
from bot.core.views import View


async def open_vote(uow: UnitOfWork, club: Club, now: datetime, deps: Deps) -> View | None:
    """Open the club's poll for its next undecided session; None if one is open or none fits."""
    if await uow.polls.open_for(club.id) is not None:
        return None
    try:
        poll = await polls.open_poll(uow, club, now)
    except Conflict:
        return None
    candidates = await polls.candidate_views(uow, poll)
    return polls.poll_view(club, poll, candidates, 0)


async def close_due_votes(uow: UnitOfWork, club: Club, now: datetime, deps: Deps) -> View | None:
    """Close the open poll if its deadline has passed; the results view to post, else None."""
    poll = await uow.polls.open_for(club.id)
    if poll is None or poll.closes_at > now:
        return None
    return await close_poll(uow, club, poll, now)
