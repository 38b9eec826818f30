"""Which session a vote decides: the one it opens for, and the one it gives its winner to when
it closes (its own, or the next that can still take a paper)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.domain.clubs import Club
from bot.core.domain.polls import Poll
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning.announced import announced_sessions
from bot.core.ports import UnitOfWork

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
        if not open_to_decision(session, now, told):
            continue
        closes = announce_at(club, session)
        if closes - now >= MIN_VOTING_TIME:
            return Target(session, closes)
    return None


def open_to_decision(session: Session, now: datetime, told: frozenset[int]) -> bool:
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
    if own is not None and open_to_decision(own, now, told):
        return Decides(own)
    for session in await uow.sessions.between(club.id, now, limit=40):
        if open_to_decision(session, now, told):
            # A poll from before polls named their session never had one to move from.
            return Decides(session, moved=poll.session_id is not None)
    return Decides(None, moved=poll.session_id is not None)
