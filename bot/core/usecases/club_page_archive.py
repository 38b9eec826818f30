"""The club page's archive: every past session with its paper, presenter, how many came, and
the vote that chose its paper (counts only, never who voted).

A session from before the club was set up here came from an imported meeting log: nobody could
check in to it, so without check-ins its attendance is unknown, not zero."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.core.domain.papers import Paper
from bot.core.domain.polls import Poll
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning.calendar import format_local
from bot.core.usecases.club_page_parts import Names, page_paper
from bot.core.usecases.club_page_view import PageSession, PageVote
from bot.core.views import Bar
from bot.core.voting import tally
from bot.core.voting.methods import method


def archive(
    past: list[Session],
    unsettled: Mapping[int, Paper | None],
    papers: Mapping[int, Paper],
    came: Mapping[int, int],
    votes: Mapping[int, list[tuple[Poll, PageVote]]],
    zone: str,
    people: Names,
    club_since: datetime,
) -> list[PageSession]:
    """The past sessions, most recent first. One that ended but is not settled yet shows the
    paper the planner will settle it with (`unsettled`)."""
    found: list[PageSession] = []
    for session in past:
        paper = unsettled.get(session.id) if session.status == SessionStatus.PLANNED else None
        if paper is None and session.paper_id is not None:
            paper = papers.get(session.paper_id)
        found.append(
            PageSession(
                session_id=session.id,
                starts_at=session.starts_at,
                local_text=format_local(session.starts_at, zone),
                status="done",
                paper=page_paper(paper) if paper else None,
                presenter=people.presenter(session),
                has_presenter=session.presenter is not None or bool(session.presenter_name),
                came=_came(came.get(session.id, 0), session, club_since),
                vote=_vote_before(votes.get(paper.id, []), session) if paper else None,
            )
        )
    found.reverse()
    return found


def _came(count: int, session: Session, club_since: datetime) -> int | None:
    """How many checked in; None where nobody could (a meeting before the club was here)."""
    return None if count == 0 and session.starts_at < club_since else count


def votes_by_winner(
    closed: list[Poll], by_poll: Mapping[int, list[tuple[int, ...]]], papers: Mapping[int, Paper]
) -> dict[int, list[tuple[Poll, PageVote]]]:
    """Each closed vote's count, filed under the paper it chose."""
    found: dict[int, list[tuple[Poll, PageVote]]] = {}
    for poll in closed:
        if poll.winner_paper_id is None:
            continue

        def title(pid: int) -> str:
            return papers[pid].title if pid in papers else f"paper {pid}"

        result = tally(poll.method, by_poll.get(poll.id, []), list(poll.candidates), describe=title)
        about = method(poll.method).view()
        vote = PageVote(
            method=about.label,
            measure=about.measure,
            winner=title(poll.winner_paper_id),
            bars=tuple(Bar(title(pid), result.counts.get(pid, 0)) for pid in result.ranking),
            ballots=result.total_ballots,
        )
        found.setdefault(poll.winner_paper_id, []).append((poll, vote))
    return found


def _vote_before(votes: list[tuple[Poll, PageVote]], session: Session) -> PageVote | None:
    """The latest vote for this paper that closed before the session began."""
    earlier = [(p, v) for p, v in votes if p.closes_at <= session.starts_at]
    return max(earlier, key=lambda pv: pv[0].closes_at)[1] if earlier else None
