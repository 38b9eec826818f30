"""What a use case receives besides its command: where the command came from, and the small
bundle of ports that use case needs (wired once, in bootstrap, into `Deps`).

A bundle holds only required ports: a use case that needs a ballot box gets `Voting`, which
cannot be built without one, so no use case checks for a missing port at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import Actor, ClubKey
from bot.core.ports import (
    BallotBox,
    ChannelCheck,
    Clock,
    PaperLookup,
    PaperWriter,
    ProgressBoard,
    ReadingListImporter,
    UnitOfWork,
)
from bot.core.telemetry.metrics import Metrics, NoMetrics
from bot.core.views import HelpEntry
from bot.core.voting.pollreads import PollReads


@dataclass(frozen=True, slots=True)
class Context:
    """Where a command came from and who sent it."""

    club: ClubKey
    actor: Actor
    channel_name: str = ""
    # What the bot may do in this channel, asked only by the commands that need to know
    # (/club setup); None on platforms where the bot can always post (the console).
    channel: ChannelCheck | None = None
    # The member's own language as their platform reports it (Discord's interaction locale,
    # Slack's users.info locale), e.g. "ko" or "en-US"; None where the platform does not say.
    locale: str | None = None
    # Where a slow command (an import's lookups) shows its progress; None: nowhere (the
    # console's own progress bar, or a platform answer that cannot be edited).
    progress: ProgressBoard | None = None


@dataclass(frozen=True, slots=True)
class Store:
    """The club's data and the time: what nearly every use case needs."""

    uow: Callable[[], UnitOfWork]
    clock: Clock
    # Units of work that only read. On SQLite they don't wait for the writer's turn.
    reader: Callable[[], UnitOfWork]
    plan_weeks: int = 8  # how far ahead sessions are planned
    # Read-only units of work for reads that need no snapshot shared between statements (each
    # statement may be its own transaction: on PostgreSQL no BEGIN and ROLLBACK round trips).
    # None: the ordinary readers.
    lone_reads: Callable[[], UnitOfWork] | None = None

    @property
    def statement_reader(self) -> Callable[[], UnitOfWork]:
        return self.lone_reads or self.reader


@dataclass(frozen=True, slots=True)
class Voting:
    """Casting ballots: the (batched) ballot box, and reads that don't wait for the writer."""

    store: Store
    box: BallotBox
    reads: PollReads  # shared by a burst's ballots
    metrics: Metrics


@dataclass(frozen=True, slots=True)
class Writing:
    """Summaries and prompts: regenerating them, and a non-English club's own."""

    store: Store
    writer: PaperWriter


@dataclass(frozen=True, slots=True)
class Suggesting:
    store: Store
    lookup: PaperLookup  # arXiv/DOI metadata
    writing: Writing  # a new paper's summary and prompts in the club's language


@dataclass(frozen=True, slots=True)
class Importing:
    store: Store
    importer: ReadingListImporter


@dataclass(frozen=True, slots=True)
class Founding:
    """Setting a club up: the defaults a new club starts from."""

    store: Store
    defaults: ClubSettings


@dataclass(frozen=True, slots=True)
class Publishing:
    """Links to the club's calendar feed."""

    store: Store
    public_base_url: str | None  # where the feed is served; None: nowhere (said so in replies)


@dataclass(frozen=True, slots=True)
class Help:
    """The catalog's commands, for /help (handed over by the dispatcher that runs them)."""

    entries: tuple[HelpEntry, ...]


@dataclass(frozen=True, slots=True)
class Deps:
    """Every bundle, wired once in bootstrap (see `wire`). A use case is handed one of them;
    the scheduler and the CLI read the shared parts through the properties."""

    store: Store
    voting: Voting
    suggesting: Suggesting
    writing: Writing
    importing: Importing
    founding: Founding
    publishing: Publishing
    metrics: Metrics = field(default_factory=NoMetrics)

    @property
    def uow(self) -> Callable[[], UnitOfWork]:
        return self.store.uow

    @property
    def clock(self) -> Clock:
        return self.store.clock

    @property
    def reader(self) -> Callable[[], UnitOfWork]:
        return self.store.reader

    @property
    def plan_weeks(self) -> int:
        return self.store.plan_weeks

    @property
    def public_base_url(self) -> str | None:
        return self.publishing.public_base_url

    @property
    def club_defaults(self) -> ClubSettings:
        return self.founding.defaults

    def bundles(self) -> tuple[object, ...]:
        return (
            self.store,
            self.voting,
            self.suggesting,
            self.writing,
            self.importing,
            self.founding,
            self.publishing,
        )


def wire(
    *,
    uow: Callable[[], UnitOfWork],
    clock: Clock,
    ballot_box: BallotBox,
    lookup: PaperLookup,
    importer: ReadingListImporter,
    writer: PaperWriter,
    reader: Callable[[], UnitOfWork] | None = None,
    statement_reader: Callable[[], UnitOfWork] | None = None,
    club_defaults: ClubSettings | None = None,
    public_base_url: str | None = None,
    plan_weeks: int = 8,
    metrics: Metrics | None = None,
) -> Deps:
    """The bundles from their parts. `reader`: read-only units of work where the database has
    them (SQLite readers don't queue behind the writer); by default the ordinary ones.
    `statement_reader`: readers whose statements need not share a snapshot (`Store.lone_reads`)."""
    store = Store(uow, clock, reader or uow, plan_weeks, statement_reader)
    metrics = metrics or NoMetrics()
    writing = Writing(store, writer)
    return Deps(
        store=store,
        voting=Voting(store, ballot_box, PollReads(), metrics),
        suggesting=Suggesting(store, lookup, writing),
        writing=writing,
        importing=Importing(store, importer),
        founding=Founding(store, club_defaults or ClubSettings()),
        publishing=Publishing(store, public_base_url),
        metrics=metrics,
    )
