"""A poll's count and its results as the neutral view every platform renders."""

from __future__ import annotations

from bot.core.domain.clubs import Club
from bot.core.domain.papers import Paper
from bot.core.domain.polls import Poll
from bot.core.domain.sessions import Session
from bot.core.ports import UnitOfWork
from bot.core.usecases.poll_view import vote_heading
from bot.core.usecases.session_refs import session_label
from bot.core.views import (
    Bar,
    ResultsView,
)
from bot.core.voting import TallyResult, tally
from bot.core.voting.methods import method


async def count(uow: UnitOfWork, poll: Poll) -> tuple[TallyResult[int], dict[int, Paper]]:
    papers = await uow.papers.get_many(poll.candidates)
    ballots = await uow.polls.ballots(poll.id)
    result = tally(
        poll.method,
        [b.choices for b in ballots],
        list(poll.candidates),
        describe=lambda pid: papers[pid].title if pid in papers else f"paper {pid}",
    )
    return result, papers


def results_view(
    club: Club,
    poll: Poll,
    result: TallyResult[int],
    papers: dict[int, Paper],
    session: Session | None = None,
    outcome: str | None = None,
) -> ResultsView:
    """`session`: the one the winner was given. A vote nobody voted in has no winner: the
    tie-break order would otherwise crown the first candidate, as if someone had chosen it."""

    def title(pid: int) -> str:
        return papers[pid].title if pid in papers else f"paper {pid}"

    voted = result.total_ballots > 0
    winner = result.winner if voted else None
    return ResultsView(
        poll_id=poll.id,
        method=method(poll.method).view(),
        winner=title(winner) if winner is not None else None,
        bars=tuple(Bar(title(pid), result.counts.get(pid, 0)) for pid in result.ranking),
        total_ballots=result.total_ballots,
        rounds=tuple(r.summary for r in result.rounds if r.summary),
        tie_break=tuple(result.tie_break) if voted else (),
        anonymous=poll.anonymous,
        for_session=session_label(session, club) if session is not None else None,
        outcome=outcome,
        heading=vote_heading(session, club) if session is not None else None,
    )
