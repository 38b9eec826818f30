"""/vote close (admins): close the open vote now; the winner takes the next session without a
paper. The scheduler closes votes at their deadline the same way (`close_poll`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.core.commands.context import Context, Store
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import NoOptions
from bot.core.domain.clubs import Club
from bot.core.domain.errors import NotFound
from bot.core.domain.papers import QueueState
from bot.core.domain.polls import Poll, PollStatus
from bot.core.domain.sessions import SessionStatus
from bot.core.ports import UnitOfWork
from bot.core.usecases.common import require_club, session_label
from bot.core.usecases.poll_views import count, results_view
from bot.core.views import ResultsView


@dataclass(frozen=True, slots=True)
class ClosePoll(NoOptions):
    pass


async def close_poll(uow: UnitOfWork, club: Club, poll: Poll, now: datetime) -> ResultsView:
    """Count, fix the winner to the next session without a paper, and mark the poll closed."""
    # Closed first, counted after: on PostgreSQL this UPDATE waits for any ballot batch that
    # has the poll row share-locked to commit (and batches after it see the poll closed), so
    # the count below holds every ballot that was acknowledged and none that wasn't.
    await uow.polls.update(replace(poll, status=PollStatus.CLOSED))
    result, papers = await count(uow, poll)
    await uow.polls.update(replace(poll, status=PollStatus.CLOSED, winner_paper_id=result.winner))
    view = replace(results_view(poll, result, papers), closes_poll_opened_at=poll.opened_at)
    if result.winner is None:
        return view
    for session in await uow.sessions.between(club.id, now, limit=40):
        if (
            session.status == SessionStatus.PLANNED
            and session.paper_id is None
            and session.starts_at > now
        ):
            await uow.sessions.update(replace(session, paper_id=result.winner))
            await uow.queue.set_state(club.id, result.winner, QueueState.SCHEDULED)
            return replace(view, for_session=session_label(session, club))
    return view


async def execute(cmd: ClosePoll, ctx: Context, store: Store) -> ResultsView:
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        poll = await uow.polls.open_for(club.id)
        if poll is None:
            raise NotFound("No vote is open.", hint="An admin can start one with /vote open.")
        view = await close_poll(uow, club, poll, store.clock.now())
        await uow.commit()
    return view


SPEC = CommandSpec(
    "vote close",
    "/vote close",
    "Close the open vote now and schedule the winner.",
    ClosePoll,
    ClosePoll.build,
    execute,
    Store,
    admin=True,
)
