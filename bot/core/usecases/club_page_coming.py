"""What is ahead on the club page: the upcoming sessions (skipped weeks included) with their
papers' summaries and prompts in the club's language, the queue, and the open vote."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from bot.core.domain.papers import ClubPaperContent, Paper, QueueEntry, QueueState
from bot.core.domain.polls import Poll
from bot.core.domain.sessions import SessionStatus
from bot.core.planning.calendar import format_local
from bot.core.planning.sessionplan import PlannedSession
from bot.core.usecases.club_page_parts import Names, page_paper
from bot.core.usecases.club_page_view import PageOpenVote, PageQueueItem, PageSession
from bot.core.usecases.paper_cards import paper_card
from bot.core.voting.methods import method


def upcoming(
    planned: Sequence[PlannedSession],
    own: Mapping[int, ClubPaperContent],
    language: str,
    zone: str,
    now: datetime,
    people: Names,
) -> list[PageSession]:
    """The coming sessions, earliest first, each with the paper the plan gives it."""
    found: list[PageSession] = []
    for plan in planned:
        session, paper = plan.session, plan.paper
        shown = None
        if paper is not None:
            content = own.get(paper.id)
            card = paper_card(paper, language, content=content.content if content else None)
            languages = (card.summary_language, card.prompts_language)
            shown = page_paper(paper, card.summary, card.prompts, languages)
        status = session.status.value
        if session.status == SessionStatus.PLANNED and session.starts_at <= now:
            status = "in progress"
        found.append(
            PageSession(
                session_id=session.id,
                starts_at=session.starts_at,
                local_text=format_local(session.starts_at, zone),
                status=status,
                paper=shown,
                presenter=people.presenter(session),
                has_presenter=session.presenter is not None or bool(session.presenter_name),
            )
        )
    return found


def queue_items(queue: Sequence[QueueEntry], people: Names) -> tuple[PageQueueItem, ...]:
    """The waiting papers, numbered as /papers numbers them."""
    waiting = [e for e in queue if e.state in (QueueState.QUEUED, QueueState.SUGGESTED)]
    return tuple(
        PageQueueItem(
            position=n,
            title=e.paper.title,
            authors=e.paper.authors_short(),
            year=e.paper.year,
            state=e.state.value,
            suggested_by=people.of(e.suggested_by),
        )
        for n, e in enumerate(waiting, start=1)
    )


def open_vote(poll: Poll | None, papers: Mapping[int, Paper], zone: str) -> PageOpenVote | None:
    """The open vote's candidates (voting itself stays in chat)."""
    if poll is None:
        return None
    about = method(poll.method).view()
    return PageOpenVote(
        method=about.label,
        how_to_vote=about.how_to_vote,
        closes_at=poll.closes_at,
        closes_local=format_local(poll.closes_at, zone),
        candidates=tuple(page_paper(papers[pid]) for pid in poll.candidates if pid in papers),
    )
