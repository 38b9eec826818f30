"""A poll's candidates and session as they are read for its views."""

from __future__ import annotations

from bot.core.domain.polls import Poll
from bot.core.domain.sessions import Session
from bot.core.ports import UnitOfWork
from bot.core.views import (
    PollCandidate,
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


async def poll_session(uow: UnitOfWork, poll: Poll) -> Session | None:
    """The session the poll decides, as it is now (None for a poll that named none)."""
    return await uow.sessions.get(poll.session_id) if poll.session_id is not None else None
