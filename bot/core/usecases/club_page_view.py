"""The club's public page as data: what the web page, the Markdown page and the static export
render. Counts only where people voted or came: no voter is ever named here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.views import Bar


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
    # What language the summary and the prompts are in (None: not known, or none shown).
    summary_language: str | None = None
    prompts_language: str | None = None


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
    came: int | None = 0  # None: not recorded (a meeting imported from a log)
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
    # (label, value): the label a Text, the value a number the page formats in the club's
    # locale (a float with one decimal) or a Text ("—" where there is none yet).
    figures: tuple[tuple[str, int | float | str], ...]
    attendance: tuple[Bar, ...]  # recent sessions, oldest first
    calendar_url: str | None  # the .ics feed over https, when the club has one and an address
    language: str = "en"  # the club's, which the whole page is said in
