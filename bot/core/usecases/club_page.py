"""The club's public page as data: what the web page and the static export show.

The page is found by its secret token (an indexed digest, like the calendar feed) or, for the
export, by the club. What it shows is decided here, for every renderer alike: the next
session's card, the upcoming schedule (skipped weeks included), the queue, the open vote's
candidates, every past session with how many came and the vote that chose its paper, and the
club's figures. Member names appear only when the club turned `page_names` on; no voter is ever
named (the page only shows counts), so anonymous polls stay anonymous.

Reading never writes: a GET on a public address must not change the club. Sessions that ended
but are not yet settled by the planner are shown as held, with the paper they would be settled
with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.commands.context import Store
from bot.core.domain.clubs import Club
from bot.core.domain.ids import ClubKey, MemberKey
from bot.core.domain.papers import Paper, QueueState
from bot.core.domain.polls import Poll, PollStatus
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.planning.calendar import format_local
from bot.core.ports import UnitOfWork
from bot.core.usecases.paper_cards import paper_card
from bot.core.usecases.session_refs import local_date_of
from bot.core.usecases.show_schedule import calendar_url
from bot.core.views import Bar
from bot.core.voting import tally
from bot.core.voting.methods import method
from bot.core.wording import format_day

UPCOMING = 12
HISTORY = timedelta(days=3650)
ATTENDANCE_BARS = 20  # the attendance chart's most recent sessions
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


@dataclass(frozen=True, slots=True)
class PagePaper:
    title: str
    authors: str  # "A, B, C et al."
    year: int | None
    url: str
    abstract_url: str | None
    pdf_url: str | None
    summary: str = ""
    prompts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PageVote:
    """A closed vote as counts only: never who voted."""

    method: str  # the method's label
    measure: str  # what the bars count
    winner: str | None
    bars: tuple[Bar, ...]
    ballots: int


@dataclass(frozen=True, slots=True)
class PageSession:
    session_id: int
    starts_at: datetime  # UTC
    local_text: str  # in the club's zone
    status: str  # planned, skipped, in progress, done
    paper: PagePaper | None
    presenter: str | None  # a name only when the club shows names
    has_presenter: bool
    came: int = 0
    vote: PageVote | None = None


@dataclass(frozen=True, slots=True)
class PageQueueItem:
    position: int
    title: str
    authors: str
    year: int | None
    state: str  # queued or suggested
    suggested_by: str | None


@dataclass(frozen=True, slots=True)
class PageOpenVote:
    method: str
    how_to_vote: str
    closes_at: datetime
    closes_local: str
    candidates: tuple[PagePaper, ...]


@dataclass(frozen=True, slots=True)
class ClubPage:
    club_name: str
    rule_text: str
    timezone: str
    paused: bool
    now: datetime
    names_shown: bool
    next_session: PageSession | None
    upcoming: tuple[PageSession, ...]  # earliest first, the next session included
    queue: tuple[PageQueueItem, ...]
    open_vote: PageOpenVote | None
    archive: tuple[PageSession, ...]  # most recent first
    figures: tuple[tuple[str, str], ...]
    attendance: tuple[Bar, ...]  # recent sessions, oldest first
    calendar_url: str | None  # the .ics feed over https, when the club has one and an address
    language: str = "en"  # the club's, which the page's charts are said in


async def by_token(token: str, store: Store, public_base_url: str | None) -> ClubPage | None:
    """The page this token opens; None for anything else, unknown and turned-off alike."""
    if not _TOKEN.match(token):
        return None
    async with store.reader() as uow:
        club = await uow.clubs.by_page_token(token)
        if club is None:
            return None
        return await build(uow, club, store.clock.now(), public_base_url)


async def by_club(key: ClubKey, store: Store, public_base_url: str | None) -> ClubPage | None:
    """The page of a club named by its key, whether or not its page is on (the export)."""
    async with store.reader() as uow:
        club = await uow.clubs.get(key)
        if club is None:
            return None
        return await build(uow, club, store.clock.now(), public_base_url)


def page_url(base_url: str | None, token: str | None) -> str | None:
    if not base_url or not token:
        return None
    return f"{base_url.rstrip('/')}/club/{token}"


def links_for(paper: Paper) -> tuple[str | None, str | None]:
    """The abstract's and the PDF's addresses, where the paper's ids give them."""
    if paper.arxiv_id:
        return f"https://arxiv.org/abs/{paper.arxiv_id}", f"https://arxiv.org/pdf/{paper.arxiv_id}"
    if paper.doi:
        return f"https://doi.org/{paper.doi}", None
    pdf = paper.url if paper.url.lower().endswith(".pdf") else None
    return paper.url or None, pdf


def _paper(paper: Paper, summary: str = "", prompts: tuple[str, ...] = ()) -> PagePaper:
    abstract, pdf = links_for(paper)
    return PagePaper(
        title=paper.title,
        authors=paper.authors_short(),
        year=paper.year,
        url=paper.url,
        abstract_url=abstract,
        pdf_url=pdf,
        summary=summary,
        prompts=prompts,
    )


async def build(
    uow: UnitOfWork, club: Club, now: datetime, public_base_url: str | None
) -> ClubPage:
    names_shown = club.settings.page_show_names
    zone = club.settings.timezone
    sessions = await uow.sessions.between(club.id, now - HISTORY)
    queue = await uow.queue.entries(club.id)
    past = [s for s in sessions if s.ends_at <= now and s.status != SessionStatus.SKIPPED]
    coming = [s for s in sessions if s.ends_at > now][:UPCOMING]
    # Ended but not yet settled: paired with the papers the planner will fix them with.
    unsettled = {
        p.session.id: p.paper
        for p in planning.assign_papers(
            [s for s in past if s.status == SessionStatus.PLANNED], queue
        )
    }
    settled_ids = {pid for s in past if (pid := s.paper_id) is not None}
    remaining = [e for e in queue if e.paper.id not in {p.id for p in unsettled.values() if p}]
    planned_next = planning.assign_papers(coming, remaining)
    polls = await uow.polls.for_club(club.id)
    closed = [p for p in polls if p.status == PollStatus.CLOSED]
    open_poll = next((p for p in reversed(polls) if p.status == PollStatus.OPEN), None)
    # Counts and choices only: the page never needs who voted or who came.
    ballots = await uow.polls.choices_for([p.id for p in closed])
    came = await uow.attendance.check_in_counts([s.id for s in past])
    # The queue holds nearly every paper the page names; only the others are read.
    papers = {entry.paper.id: entry.paper for entry in queue}
    wanted = settled_ids | {pid for p in polls for pid in p.candidates}
    papers.update(await uow.papers.get_many([pid for pid in wanted if pid not in papers]))
    members: list[MemberKey] = []
    if names_shown:
        members = [s.presenter for s in sessions if s.presenter is not None]
        members += [e.suggested_by for e in queue if e.suggested_by is not None]
    names = await uow.members.display_names(members) if members else {}

    def presenter(session: Session) -> str | None:
        if not names_shown:
            return None
        if session.presenter is None:
            return session.presenter_name  # named in an imported meeting log
        return names.get(session.presenter, "a member")

    votes = _votes_by_winner(closed, ballots, papers)
    archive: list[PageSession] = []
    for session in past:
        paper = unsettled.get(session.id) if session.status == SessionStatus.PLANNED else None
        if paper is None and session.paper_id is not None:
            paper = papers.get(session.paper_id)
        archive.append(
            PageSession(
                session_id=session.id,
                starts_at=session.starts_at,
                local_text=format_local(session.starts_at, zone),
                status="done",
                paper=_paper(paper) if paper else None,
                presenter=presenter(session),
                has_presenter=session.presenter is not None or bool(session.presenter_name),
                came=came.get(session.id, 0),
                vote=_vote_before(votes.get(paper.id, []), session) if paper else None,
            )
        )
    archive.reverse()

    own = await uow.papers.club_content(club.id, [p.paper.id for p in planned_next if p.paper])
    upcoming: list[PageSession] = []
    for planned in planned_next:
        session, paper = planned.session, planned.paper
        page_paper = None
        if paper is not None:
            content = own.get(paper.id)
            card = paper_card(
                paper, club.settings.language, content=content.content if content else None
            )
            page_paper = _paper(paper, card.summary, card.prompts)
        status = session.status.value
        if session.status == SessionStatus.PLANNED and session.starts_at <= now:
            status = "in progress"
        upcoming.append(
            PageSession(
                session_id=session.id,
                starts_at=session.starts_at,
                local_text=format_local(session.starts_at, zone),
                status=status,
                paper=page_paper,
                presenter=presenter(session),
                has_presenter=session.presenter is not None or bool(session.presenter_name),
            )
        )
    next_session = next((s for s in upcoming if s.status != "skipped"), None)

    waiting = [e for e in queue if e.state in (QueueState.QUEUED, QueueState.SUGGESTED)]
    queue_items = tuple(
        PageQueueItem(
            position=n,
            title=e.paper.title,
            authors=e.paper.authors_short(),
            year=e.paper.year,
            state=e.state.value,
            suggested_by=names.get(e.suggested_by, "a member")
            if names_shown and e.suggested_by is not None
            else None,
        )
        for n, e in enumerate(waiting, start=1)
    )
    open_vote = None
    if open_poll is not None:
        about = method(open_poll.method).view()
        open_vote = PageOpenVote(
            method=about.label,
            how_to_vote=about.how_to_vote,
            closes_at=open_poll.closes_at,
            closes_local=format_local(open_poll.closes_at, zone),
            candidates=tuple(_paper(papers[pid]) for pid in open_poll.candidates if pid in papers),
        )
    held = len(archive)
    total = sum(s.came for s in archive)
    figures = (
        ("Sessions held", str(held)),
        ("Check-ins", str(total)),
        ("Average attendance", f"{total / held:.1f}" if held else "—"),
        ("Votes held", str(len(closed))),
        ("Ballots cast", str(sum(len(b) for b in ballots.values()))),
        ("Papers waiting", str(len(queue_items))),
    )
    attendance = tuple(
        Bar(
            format_day(local_date_of(s.starts_at, zone)), s.came, s.paper.title if s.paper else None
        )
        for s in reversed(archive[:ATTENDANCE_BARS])
    )
    return ClubPage(
        club_name=club.name,
        rule_text=club.settings.rule_text(),
        timezone=zone,
        paused=club.settings.paused,
        now=now,
        names_shown=names_shown,
        next_session=next_session,
        upcoming=tuple(upcoming),
        queue=queue_items,
        open_vote=open_vote,
        archive=tuple(archive),
        figures=figures,
        attendance=attendance,
        calendar_url=calendar_url(public_base_url, club.calendar_token),
        language=club.settings.language,
    )


def _votes_by_winner(
    closed: list[Poll], by_poll: dict[int, list[tuple[int, ...]]], papers: dict[int, Paper]
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
