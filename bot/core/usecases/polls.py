"""What every vote command shares: finding the poll, naming candidates, counting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.domain.clubs import Club, VotingMethod
from bot.core.domain.errors import Conflict, InvalidInput
from bot.core.domain.papers import Paper, QueueState
from bot.core.domain.polls import Ballot, Poll, PollStatus
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.planning.calendar import format_local
from bot.core.ports import UnitOfWork
from bot.core.views import Action, ActionStyle, Bar, PollCandidate, PollView, ResultsView
from bot.core.voting import TallyResult, tally

# What every platform can show at once: Discord native polls take 10 answers.
MAX_CANDIDATES = 10
MIN_VOTING_TIME = timedelta(hours=1)

HOW_TO_VOTE = {
    VotingMethod.PLURALITY: "Pick one: /vote NUMBER (e.g. /vote 2).",
    VotingMethod.APPROVAL: "Pick every paper you'd happily read: /vote 1 3 4.",
    VotingMethod.IRV: "Rank as many as you like, favourite first: /vote 3 1 2.",
    VotingMethod.SCHULZE: "Rank as many as you like, favourite first: /vote 3 1 2.",
}
MEASURE = {
    VotingMethod.PLURALITY: "votes",
    VotingMethod.APPROVAL: "approvals",
    VotingMethod.IRV: "first-preference votes",
    VotingMethod.SCHULZE: "rivals beaten (strongest paths)",
}


@dataclass(frozen=True, slots=True)
class Target:
    session: Session
    closes_at: datetime


def announce_at(club: Club, session: Session) -> datetime:
    return session.starts_at - timedelta(minutes=club.settings.announce_before_minutes)


async def next_open_target(uow: UnitOfWork, club: Club, now: datetime) -> Target | None:
    """The next session without a fixed paper whose announcement is far enough away to vote.

    The poll closes when that session is announced, so its winner is in the announcement.
    """
    for session in await uow.sessions.between(club.id, now, limit=20):
        if session.status != SessionStatus.PLANNED or session.paper_id is not None:
            continue
        closes = announce_at(club, session)
        if session.starts_at > now and closes - now >= MIN_VOTING_TIME:
            return Target(session, closes)
    return None


async def choose_candidates(
    uow: UnitOfWork, club: Club, now: datetime, target: Session
) -> list[Paper]:
    """The next K queued papers not already due before the target, then members' suggestions."""
    queue = await uow.queue.entries(club.id)
    sessions = [
        s
        for s in await uow.sessions.between(club.id, now, limit=40)
        if s.starts_at < target.starts_at
    ]
    taken = {p.paper.id for p in planning.assign_papers(sessions, queue) if p.paper}
    queued = [e.paper for e in queue if e.state == QueueState.QUEUED and e.paper.id not in taken][
        : club.settings.poll_candidates
    ]
    suggested = sorted(
        (e for e in queue if e.state == QueueState.SUGGESTED), key=lambda e: e.added_at
    )
    return (queued + [e.paper for e in suggested])[:MAX_CANDIDATES]


async def open_poll(
    uow: UnitOfWork, club: Club, now: datetime, papers: Sequence[Paper] | None = None
) -> Poll:
    if await uow.polls.open_for(club.id) is not None:
        raise Conflict("A vote is already open.", hint="See it with /vote.")
    target = await next_open_target(uow, club, now)
    if target is None:
        raise Conflict(
            "There is no upcoming session left to vote for.",
            hint="Every planned session already has its paper; check /schedule.",
        )
    chosen = (
        list(papers)
        if papers is not None
        else await choose_candidates(uow, club, now, target.session)
    )
    if len(chosen) < 2:
        raise Conflict(
            "A vote needs at least two papers.",
            hint="Suggest more with /suggest, or queue more papers.",
        )
    return await uow.polls.add(
        Poll(
            id=0,
            club_id=club.id,
            method=club.settings.voting_method,
            anonymous=club.settings.anonymous_polls,
            status=PollStatus.OPEN,
            opened_at=now,
            closes_at=target.closes_at,
            candidates=tuple(p.id for p in chosen[:MAX_CANDIDATES]),
        )
    )


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


def poll_view(
    club: Club,
    poll: Poll,
    candidates: tuple[PollCandidate, ...],
    ballots: int,
    mine: Ballot | None = None,
    *,
    announce: bool = False,
) -> PollView:
    """`announce`: the view opens the poll for the channel (scheduled post or /vote open)."""
    numbers = {c.paper_id: c.number for c in candidates}
    actions: tuple[Action, ...] = ()
    if poll.method == VotingMethod.PLURALITY:
        # Buttons name the poll, so a click on an old message can't vote in a newer poll.
        actions = tuple(
            Action(
                f"{c.number}. {c.title}"[:80], f"/vote #{poll.id} {c.number}", ActionStyle.PRIMARY
            )
            for c in candidates
        )
    return PollView(
        poll_id=poll.id,
        method=poll.method.value,
        candidates=candidates,
        closes_at=poll.closes_at,
        closes_local=format_local(poll.closes_at, club.settings.timezone),
        instructions=HOW_TO_VOTE[poll.method],
        anonymous=poll.anonymous,
        ballots=ballots,
        your_choices=tuple(numbers[p] for p in mine.choices if p in numbers) if mine else (),
        actions=actions,
        native_poll=announce
        and club.settings.native_poll
        and poll.method == VotingMethod.PLURALITY,
    )


async def count(uow: UnitOfWork, poll: Poll) -> tuple[TallyResult[int], dict[int, Paper]]:
    papers = await uow.papers.get_many(poll.candidates)
    ballots = await uow.polls.ballots(poll.id)
    result = tally(
        poll.method.value,
        [b.choices for b in ballots],
        list(poll.candidates),
        describe=lambda pid: papers[pid].title if pid in papers else f"paper {pid}",
    )
    return result, papers


def results_view(poll: Poll, result: TallyResult[int], papers: dict[int, Paper]) -> ResultsView:
    def title(pid: int) -> str:
        return papers[pid].title if pid in papers else f"paper {pid}"

    return ResultsView(
        poll_id=poll.id,
        method=poll.method.value,
        winner=title(result.winner) if result.winner is not None else None,
        bars=tuple(Bar(title(pid), result.counts.get(pid, 0)) for pid in result.ranking),
        measure=MEASURE[poll.method],
        total_ballots=result.total_ballots,
        rounds=tuple(r.summary for r in result.rounds if r.summary),
        tie_break=tuple(result.tie_break),
        anonymous=poll.anonymous,
    )


def parse_choices(words: Sequence[str], candidates: tuple[PollCandidate, ...]) -> tuple[int, ...]:
    """Candidate numbers or slugs → paper ids, in the member's order."""
    by_number = {str(c.number): c.paper_id for c in candidates}
    by_slug = {c.slug: c.paper_id for c in candidates}
    chosen: list[int] = []
    for word in words:
        key = word.strip().rstrip(",").casefold()
        pid = by_number.get(key) or by_slug.get(key)
        if pid is None:
            raise InvalidInput(
                f"{word[:40]!r} is not one of the candidates.",
                hint=f"Use the numbers 1 to {len(candidates)} shown by /vote.",
            )
        if pid in chosen:
            raise InvalidInput(f"You listed {word!r} twice; name each paper once.")
        chosen.append(pid)
    return tuple(chosen)
