"""Closing a vote, by an admin (/vote close) or at its deadline (vote_cycle): count it, give the
winner the session it decides, and say what happened (a vote nobody voted in keeps the queue
order)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.core.domain.clubs import Club
from bot.core.domain.papers import QueueState
from bot.core.domain.polls import Poll, PollStatus
from bot.core.planning import sessionplan as planning
from bot.core.ports import UnitOfWork
from bot.core.text import t
from bot.core.usecases.poll_results import count, results_view
from bot.core.usecases.poll_target import deciding
from bot.core.usecases.session_refs import session_label
from bot.core.views import ResultsView


async def close_poll(uow: UnitOfWork, club: Club, poll: Poll, now: datetime) -> ResultsView:
    """Count, give the winner the session the poll decides, and mark the poll closed. The view
    says when the vote opened, so a platform that ran it as its own poll (Discord) ends it."""
    view = await _count_and_decide(uow, club, poll, now)
    return replace(view, closes_poll_opened_at=poll.opened_at)


async def _count_and_decide(uow: UnitOfWork, club: Club, poll: Poll, now: datetime) -> ResultsView:
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
            outcome = t("Nobody voted, so nothing was decided.")
        else:
            upcoming = await planning.upcoming(uow, club, now)
            paper = next((p.paper for p in upcoming if p.session.id == session.id), None)
            label = session_label(session, club)
            outcome = (
                t(
                    "Nobody voted: {session} takes “{title}”, next in the queue.",
                    session=label,
                    title=paper.title,
                )
                if paper
                else t("Nobody voted: {session} takes the queue's next paper.", session=label)
            )
        return results_view(club, poll, result, papers, outcome=outcome)
    winner = result.winner
    decided = session.id if session is not None and winner is not None else poll.session_id
    await uow.polls.update(
        replace(poll, status=PollStatus.CLOSED, winner_paper_id=winner, session_id=decided)
    )
    if winner is None or session is None:
        stays = t("No upcoming session can take it yet: it stays queued.")
        outcome = None if winner is None else stays
        return results_view(club, poll, result, papers, outcome=outcome)
    await uow.sessions.update(replace(session, paper_id=winner))
    await uow.queue.set_state(club.id, winner, QueueState.SCHEDULED)
    if target.moved:
        outcome = t(
            "The session this vote named was skipped, moved, announced or decided meanwhile, so "
            "the winner goes to {session}.",
            session=session_label(session, club),
        )
    return results_view(club, poll, result, papers, session, outcome)
