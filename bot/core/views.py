"""Neutral output. Use cases return these; each adapter renders them (text, embeds, Block Kit).

Text inside a view is the member's or the paper's own text, unescaped: escaping and mention
suppression are the renderer's job, because each platform has its own rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.core.text import t


class Tone(StrEnum):
    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"


class ActionStyle(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    SUCCESS = "success"
    DANGER = "danger"


@dataclass(frozen=True, slots=True)
class Action:
    """A button. `command` is the compact line of a typed command (`CommandSpec.line`), e.g.
    "/rsvp going 12": short enough for any platform's button id, read back by the command's own
    options, and the same after a restart, so a click takes the path a typed command takes."""

    label: str
    command: str
    style: ActionStyle = ActionStyle.SECONDARY
    emoji: str | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    """One autocomplete suggestion: what the member sees, and what goes into the command."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class PaperCard:
    paper_id: int
    slug: str
    title: str
    authors: tuple[str, ...]
    year: int | None
    url: str
    summary: str
    prompts: tuple[str, ...]
    arxiv_id: str | None = None
    tagline: str | None = None
    tags: tuple[str, ...] = ()
    heading: str | None = None  # e.g. "This week's paper"
    session_at: datetime | None = None
    session_local: str | None = None
    presenter: str | None = None
    actions: tuple[Action, ...] = ()
    calendar_url: str | None = None  # the club's .ics feed, on announcements
    read_in: str | None = None  # a paper the club read: when, who presented, how many came
    authors_cut: bool = False  # `authors` names only some: render "et al."
    # Where the summary and prompts came from (a SummarySource value; None: not recorded),
    # the language each is written in, and the language of the text they were made from.
    summary_source: str | None = None
    summary_language: str = "en"
    prompts_language: str = "en"
    source_language: str | None = None


@dataclass(frozen=True, slots=True)
class PaperListItem:
    position: int | None  # its number in the queue; None for a paper not waiting its turn
    paper_id: int
    slug: str
    title: str
    authors: str
    year: int | None
    state: str  # queued, suggested, scheduled, read, rejected
    note: str | None = None  # e.g. why a suggestion was turned down


@dataclass(frozen=True, slots=True)
class PaperList:
    title: str
    items: tuple[PaperListItem, ...]
    total: int
    query: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ScheduleEntry:
    session_id: int
    starts_at: datetime
    local_text: str
    paper_title: str | None
    status: str
    presenter: str | None = None
    came: int | None = None  # check-ins, for a session that took place
    # The number commands take for it (/rsvp going 2): its place among the sessions not yet
    # over. None for past sessions, which are named by their date.
    number: int | None = None


@dataclass(frozen=True, slots=True)
class ScheduleView:
    club_name: str
    rule_text: str
    timezone: str
    entries: tuple[ScheduleEntry, ...]
    paused: bool = False
    calendar_url: str | None = None
    past: bool = False  # the sessions held, most recent first: what the club read
    note: str | None = None  # e.g. why it shows fewer sessions than were asked for


@dataclass(frozen=True, slots=True)
class ClubView:
    name: str
    channel: str
    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class HelpEntry:
    usage: str
    summary: str
    admin: bool = False


@dataclass(frozen=True, slots=True)
class HelpView:
    entries: tuple[HelpEntry, ...]
    intro: str = ""


@dataclass(frozen=True, slots=True)
class EndedPoll:
    """A vote that ended without results (/vote cancel): when it opened, so a platform that ran
    it as its own poll (Discord) finds that poll and ends it too."""

    poll_id: int
    opened_at: datetime


@dataclass(frozen=True, slots=True)
class Notice:
    text: str
    tone: Tone = Tone.INFO
    details: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    ended_poll: EndedPoll | None = None


@dataclass(frozen=True, slots=True)
class ErrorView:
    message: str
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class PollCandidate:
    number: int  # what members type: /vote 2
    paper_id: int
    slug: str
    title: str
    suggested_by: str | None = None


class BallotShape(StrEnum):
    """What a ballot is: platforms pick their ballot controls by it, never by a method's name."""

    ONE = "one"  # one candidate (one-click buttons)
    SET = "set"  # any number of candidates, unordered (a multi-select, checkboxes)
    RANKING = "ranking"  # candidates in order of preference (ordered selects)


@dataclass(frozen=True, slots=True)
class MethodView:
    """A poll's voting method as members are told about it (see bot.core.voting.methods)."""

    key: str  # e.g. "irv", what /club set voting_method takes
    name: str  # e.g. "Instant runoff (IRV)"
    label: str  # e.g. "Ranked choice (instant runoff)", shown with a poll and its results
    how_to_vote: str
    measure: str  # what the result bars count, e.g. "first-preference votes"
    shape: BallotShape


@dataclass(frozen=True, slots=True)
class BallotCommands:
    """The command lines behind a platform's own ballot controls for one poll. `cast` and
    `rank` take the chosen candidate numbers appended, in the member's order."""

    cast: str  # e.g. "/vote cast #12"
    rank: str  # one more step of a ranking: saves it and shows the poll again
    show: str  # the poll as the member sees it (their own ballot ticked)
    withdraw: str


@dataclass(frozen=True, slots=True)
class PollView:
    poll_id: int
    method: MethodView
    candidates: tuple[PollCandidate, ...]
    closes_at: datetime
    closes_local: str
    anonymous: bool
    ballots: int
    commands: BallotCommands
    your_choices: tuple[int, ...] = ()  # candidate numbers, in order (a ranking's order)
    for_session: str | None = None
    actions: tuple[Action, ...] = ()
    # The poll's title: the day of the session it decides ("Vote for the paper of Wed 9 Dec").
    heading: str = field(default_factory=lambda: t("Vote on the next paper"))
    # The post that opens a one-choice vote in a club that chose its platform's own poll
    # (Discord's native poll); every other view of the poll is a normal message.
    native_poll: bool = False


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ResultsView:
    poll_id: int
    method: MethodView  # its `measure` says what the bars count
    winner: str | None
    bars: tuple[Bar, ...]  # first preferences, approvals, or pairwise wins (Schulze)
    total_ballots: int
    rounds: tuple[str, ...] = ()  # IRV rounds, one line each
    tie_break: tuple[str, ...] = ()
    for_session: str | None = None
    anonymous: bool = False
    # Only on the view that closes the vote (at its deadline or by /vote close): when the vote
    # opened, so a platform that ran it as its own poll (Discord) finds that poll and ends it.
    closes_poll_opened_at: datetime | None = None
    # What closing did when there is no winner to announce, or where the winner went instead
    # of the session the poll named ("Nobody voted: Wed 9 Dec takes the queue's next paper").
    outcome: str | None = None
    heading: str | None = None  # the poll's own title, "Vote for the paper of Wed 9 Dec"


@dataclass(frozen=True, slots=True)
class StatsView:
    title: str
    lines: tuple[tuple[str, str], ...]  # label, value
    bars: tuple[Bar, ...] = ()
    bars_title: str | None = None
    extra_bars: tuple[Bar, ...] = ()
    extra_bars_title: str | None = None


View = (
    PaperCard
    | PaperList
    | ScheduleView
    | ClubView
    | HelpView
    | Notice
    | ErrorView
    | PollView
    | ResultsView
    | StatsView
)


@dataclass(frozen=True, slots=True)
class HomeSection:
    """One club on a member's home page: its views, as the member would see them."""

    club_name: str
    channel_id: str
    views: tuple[View, ...]
    language: str = "en"  # the club's (or the member's, if it allows), its views' language


@dataclass(frozen=True, slots=True)
class HomeView:
    """A member's overview of the clubs they may see (Slack's App Home)."""

    sections: tuple[HomeSection, ...]
    language: str = "en"  # of the page's own words (its header)


@dataclass(frozen=True, slots=True)
class Reply:
    """A view plus how to deliver it. Private replies are ephemeral where the platform can.
    A use case returns one itself when its answer is more than one view (a ranking step: the
    saved vote, then the poll to take the next step from); `private` is then the command's."""

    view: View
    private: bool = False
    extra: tuple[View, ...] = field(default=())
    # The club's language, which the renderer says the view's text in (bot.i18n.speaking);
    # the dispatcher fills it in from the club's settings.
    language: str = "en"
