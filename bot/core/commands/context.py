"""What every use case receives besides its command."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import Actor, ClubKey
from bot.core.ports import (
    BallotBox,
    Clock,
    PaperLookup,
    PaperWriter,
    ReadingListImporter,
    UnitOfWork,
)
from bot.core.telemetry.metrics import Metrics, NoMetrics
from bot.core.voting.pollreads import PollReads


@dataclass(frozen=True, slots=True)
class Context:
    """Where a command came from and who sent it."""

    club: ClubKey
    actor: Actor
    channel_name: str = ""


@dataclass(frozen=True, slots=True)
class Deps:
    """Collaborators shared by all use cases, built once in bootstrap."""

    uow: Callable[[], UnitOfWork]
    clock: Clock
    club_defaults: ClubSettings = field(default_factory=ClubSettings)
    public_base_url: str | None = None  # where the calendar feed is served, if anywhere
    plan_weeks: int = 8
    lookup: PaperLookup | None = None  # arXiv/DOI metadata, for /suggest
    importer: ReadingListImporter | None = None  # for /papers import
    # Summaries and prompts: regenerating them, and a non-English club's own on /suggest.
    writer: PaperWriter | None = None
    metrics: Metrics = field(default_factory=NoMetrics)
    # /vote casts through this (batched in production); without one, /vote can't cast.
    ballot_box: BallotBox | None = None
    # Units of work that only read. On SQLite they don't wait for the writer's turn; None: uow.
    reader: Callable[[], UnitOfWork] | None = None
    poll_reads: PollReads = field(default_factory=PollReads)  # shared by a burst's ballots
