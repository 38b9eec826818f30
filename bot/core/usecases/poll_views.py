"""A poll and its count as the neutral views every platform renders."""

from __future__ import annotations

from bot.core.domain.clubs import Club
from bot.core.domain.papers import Paper
from bot.core.domain.polls import Ballot, Poll
from bot.core.domain.sessions import Session
from bot.core.planning.calendar import format_local, zone_or_error
from bot.core.ports import UnitOfWork
from bot.core.text import t
from bot.core.usecases.ballot_commands import ballot_lines, cast_line
from bot.core.views import (
    Action,
    ActionStyle,
    BallotShape,
    Bar,
    PollCandidate,
    PollView,
    ResultsView,
)
from bot.core.voting import TallyResult, tally
from bot.core.voting.methods import method
from bot.core.wording import format_day


async def plain_candidates(uow: UnitOfWork, poll: Poll) -> tuple[PollCandidate, ...]:
    """The candidates without who suggested them: all a ballot needs, in one query."""
    papers = await uow.papers.get_many(poll.candidates)
    return tuple(
        PollCandidate(n, pid, papers[pid].slug, papers[pid].title)
        for n, pid in enumerate(poll.candidates, start=1)
        if pid in papers
    )


async def candidate_views(uow: UnitOfWork, poll: Poll) -> tuple[PollCandidate, ...]:
    papers = await uow.papers.get_many(poll.candidates)
    suggesters = {
        e.paper.id: e.suggested_by
        for e in await uow.queue.entries(poll.club_id)
        if e.suggested_by is not None
    }
    names = await uow.members.display_names([m for m in suggesters.values() if m])
    return tuple(
        PollCandidate(
            number=n,
            paper_id=pid,
            slug=papers[pid].slug,
            title=papers[pid].title,
            suggested_by=names.get(suggesters[pid]) if pid in suggesters else None,
        )
        for n, pid in enumerate(poll.candidates, start=1)
        if pid in papers
    )


def session_label(session: Session, club: Club) -> str:
    # As `common.session_label`, which this module can't import: common needs the dispatcher's
    # context, and the dispatcher's poll reads need this module.
    return format_local(session.starts_at, club.settings.timezone)


def vote_heading(session: Session | None, club: Club) -> str:
    """ "Vote for the paper of Wed 9 Dec 2026": the poll's title wherever it is shown."""
    if session is None:
        return t("Vote on the next paper")
    day = session.starts_at.astimezone(zone_or_error(club.settings.timezone)).date()
    return t("Vote for the paper of {day}", day=format_day(day))


async def poll_session(uow: UnitOfWork, poll: Poll) -> Session | None:
    """The session the poll decides, as it is now (None for a poll that named none)."""
    return await uow.sessions.get(poll.session_id) if poll.session_id is not None else None


def poll_view(
    club: Club,
    poll: Poll,
    candidates: tuple[PollCandidate, ...],
    ballots: int,
    mine: Ballot | None = None,
    *,
    session: Session | None = None,
    announce: bool = False,
) -> PollView:
    """`announce`: the view opens the poll for the channel (scheduled post or /vote open);
    `session`: the session it decides, named in every view of it."""
    numbers = {c.paper_id: c.number for c in candidates}
    about = method(poll.method).view()
    one = about.shape is BallotShape.ONE
    actions: tuple[Action, ...] = ()
    if one:
        # Buttons name the poll, so a click on an old message can't vote in a newer poll.
        actions = tuple(
            Action(f"{c.number}. {c.title}"[:80], cast_line(poll.id, c.number), ActionStyle.PRIMARY)
            for c in candidates
        )
    return PollView(
        poll_id=poll.id,
        method=about,
        candidates=candidates,
        closes_at=poll.closes_at,
        closes_local=format_local(poll.closes_at, club.settings.timezone),
        anonymous=poll.anonymous,
        ballots=ballots,
        commands=ballot_lines(poll.id),
        your_choices=_yours(about.shape, mine, numbers),
        actions=actions,
        native_poll=announce and club.settings.native_poll and one,
        for_session=session_label(session, club) if session is not None else None,
        heading=vote_heading(session, club),
    )


def _yours(shape: BallotShape, mine: Ballot | None, numbers: dict[int, int]) -> tuple[int, ...]:
    """The member's ballot as candidate numbers: a ranking in its order, a set in number order."""
    chosen = tuple(numbers[p] for p in mine.choices if p in numbers) if mine else ()
    return tuple(sorted(chosen)) if shape is BallotShape.SET else chosen


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
