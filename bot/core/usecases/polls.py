"""Opening a poll: which session it decides, which papers stand, and the poll row itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.domain.clubs import Club
from bot.core.domain.errors import Conflict
from bot.core.domain.papers import Paper, QueueState
from bot.core.domain.polls import Poll, PollStatus
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.planning.announced import announced_sessions
from bot.core.ports import UnitOfWork

# What every platform can show at once: Discord native polls take 10 answers.
MAX_CANDIDATES = 10
MIN_VOTING_TIME = timedelta(hours=1)


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
    told = await announced_sessions(uow, club, now)
    for session in await uow.sessions.between(club.id, now, limit=20):
        if not _open_to_decision(session, now, told):
            continue
        closes = announce_at(club, session)
        if closes - now >= MIN_VOTING_TIME:
            return Target(session, closes)
    return None


def _open_to_decision(session: Session, now: datetime, told: frozenset[int]) -> bool:
    """A vote may still give this session its paper: planned, to come, undecided, unannounced."""
    return (
        session.status == SessionStatus.PLANNED
        and session.paper_id is None
        and session.starts_at > now
        and session.id not in told
    )


@dataclass(frozen=True, slots=True)
class Decides:
    """The session a closing poll decides: its own, or (`moved`) the next one that can still
    take a paper, when its own was skipped, moved away, announced or decided meanwhile."""

    session: Session | None
    moved: bool = False


async def deciding(uow: UnitOfWork, club: Club, poll: Poll, now: datetime) -> Decides:
    told = await announced_sessions(uow, club, now)
    own = await uow.sessions.get(poll.session_id) if poll.session_id is not None else None
    if own is not None and _open_to_decision(own, now, told):
        return Decides(own)
    for session in await uow.sessions.between(club.id, now, limit=40):
        if _open_to_decision(session, now, told):
            # A poll from before polls named their session never had one to move from.
            return Decides(session, moved=poll.session_id is not None)
    return Decides(None, moved=poll.session_id is not None)


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
    if club.settings.paused:
        raise Conflict(
            "The club is paused, so there is no session to vote for.",
            hint="An admin can restart the sessions with /club resume.",
        )
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
            session_id=target.session.id,
        )
    )
