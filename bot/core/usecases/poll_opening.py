"""Opening a poll: which papers stand, and the poll row itself, for the session it decides."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.core.domain.clubs import Club
from bot.core.domain.errors import Conflict
from bot.core.domain.papers import Paper, QueueState
from bot.core.domain.polls import Poll, PollStatus
from bot.core.domain.sessions import Session
from bot.core.planning import sessionplan as planning
from bot.core.ports import UnitOfWork
from bot.core.text import t
from bot.core.usecases.poll_target import next_open_target

# What every platform can show at once: Discord native polls take 10 answers.
MAX_CANDIDATES = 10


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
        raise Conflict(t("A vote is already open."), hint=t("See it with /vote."))
    if club.settings.paused:
        raise Conflict(
            t("The club is paused, so there is no session to vote for."),
            hint=t("An admin can restart the sessions with /club resume."),
        )
    target = await next_open_target(uow, club, now)
    if target is None:
        raise Conflict(
            t("There is no upcoming session left to vote for."),
            hint=t("Every planned session already has its paper; check /schedule."),
        )
    chosen = (
        list(papers)
        if papers is not None
        else await choose_candidates(uow, club, now, target.session)
    )
    if len(chosen) < 2:
        raise Conflict(
            t("A vote needs at least two papers."),
            hint=t("Suggest more with /suggest, or queue more papers."),
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
