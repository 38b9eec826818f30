"""/vote close [queue] (admins): close the open vote now; the winner takes the session the vote
named when it opened. The scheduler closes votes at their deadline the same way (`close_poll`).

A vote nobody voted in decides nothing: the admin is asked to choose (keep the queue order with
`/vote close queue`, or call it off with `/vote cancel`); at its deadline it keeps the queue
order and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.clubs import Club
from bot.core.domain.errors import Conflict, InvalidInput, NotFound
from bot.core.domain.papers import QueueState
from bot.core.domain.polls import Poll, PollStatus
from bot.core.planning import sessionplan as planning
from bot.core.ports import UnitOfWork
from bot.core.usecases.club_access import require_club
from bot.core.usecases.poll_candidates import poll_session
from bot.core.usecases.poll_results import count, results_view
from bot.core.usecases.poll_target import deciding
from bot.core.usecases.session_refs import session_label
from bot.core.views import ResultsView

QUEUE = "queue"


@dataclass(frozen=True, slots=True)
class ClosePoll:
    keep_queue: bool = False  # "queue": close a vote nobody voted in, keeping the queue order

    @classmethod
    def build(cls, values: Values) -> ClosePoll:
        word = (values.text("empty") or "").casefold()
        if word not in ("", QUEUE):
            raise InvalidInput("Usage: /vote close [queue]")
        return cls(word == QUEUE)


async def close_poll(uow: UnitOfWork, club: Club, poll: Poll, now: datetime) -> ResultsView:
    """Count, give the winner the session the poll decides, and mark the poll closed. The view
    says when the vote opened, so a platform that ran it as its own poll (Discord) ends it."""
    view = await _close(uow, club, poll, now)
    return replace(view, closes_poll_opened_at=poll.opened_at)


async def _close(uow: UnitOfWork, club: Club, poll: Poll, now: datetime) -> ResultsView:
    # Closed first, counted after: on PostgreSQL this UPDATE waits for any ballot batch that
    # has the poll row share-locked to commit (and batches after it see the poll closed), so
    # the count below holds every ballot that was acknowledged and none that wasn't.
    await uow.polls.update(replace(poll, status=PollStatus.CLOSED))
    result, papers = await count(uow, poll)
    target = await deciding(uow, club, poll, now)
    session = target.session
    outcome: str | None = None
    if result.total_ballots == 0:
        await uow.polls.update(replace(poll, status=PollStatus.CLOSED))
        if session is None:
            outcome = "Nobody voted, so nothing was decided."
        else:
            upcoming = await planning.upcoming(uow, club, now)
            paper = next((p.paper for p in upcoming if p.session.id == session.id), None)
            takes = f"“{paper.title}”, next in the queue" if paper else "the queue's next paper"
            outcome = f"Nobody voted: {session_label(session, club)} takes {takes}."
        return results_view(club, poll, result, papers, outcome=outcome)
    winner = result.winner
    decided = session.id if session is not None and winner is not None else poll.session_id
    await uow.polls.update(
        replace(poll, status=PollStatus.CLOSED, winner_paper_id=winner, session_id=decided)
    )
    if winner is None or session is None:
        stays = "No upcoming session can take it yet: it stays queued."
        outcome = None if winner is None else stays
        return results_view(club, poll, result, papers, outcome=outcome)
    await uow.sessions.update(replace(session, paper_id=winner))
    await uow.queue.set_state(club.id, winner, QueueState.SCHEDULED)
    if target.moved:
        outcome = (
            "The session this vote named was skipped, moved, announced or decided meanwhile, "
            f"so the winner goes to {session_label(session, club)}."
        )
    return results_view(club, poll, result, papers, session, outcome)


async def execute(cmd: ClosePoll, ctx: Context, store: Store) -> ResultsView:
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        poll = await uow.polls.open_for(club.id)
        if poll is None:
            raise NotFound("No vote is open.", hint="An admin can start one with /vote open.")
        if not cmd.keep_queue and not await uow.polls.ballots(poll.id):
            session = await poll_session(uow, poll)
            about = f" for {session_label(session, club)}" if session is not None else ""
            raise Conflict(
                f"Nobody has voted{about} yet, so there is no winner to schedule.",
                hint="Choose: /vote close queue keeps the queue order "
                "(the session takes the next queued paper), /vote cancel calls the vote off.",
            )
        view = await close_poll(uow, club, poll, store.clock.now())
        await uow.commit()
    return view


SPEC = CommandSpec(
    "vote close",
    "/vote close [queue]",
    "Close the open vote now and schedule the winner for the session it names.",
    ClosePoll,
    ClosePoll.build,
    execute,
    Store,
    admin=True,
    options=(
        OptionSpec(
            "empty",
            "If nobody voted: 'queue' keeps the queue order",
            choices=(QUEUE,),
        ),
    ),
)
