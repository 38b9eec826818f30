"""Importing a reading list into a club (or the shared list), through the core's ports.

The text is parsed in a sandboxed child process (time, memory and entry limits), never on the
event loop. Ids without titles are then looked up, outside any transaction (import_lookups.py).
The merge into the stored papers runs in a child process too, and one unit of work writes the
result (import_writes.py). Papers already queued keep their places, and curated (shipped) papers
are never rewritten by an import: the shipped file is their source and is synced on every start.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.core.domain.errors import InvalidInput
from bot.core.domain.ids import ClubKey
from bot.core.ports import Clock, ImportOutcome, ImportProgress, PaperLookup, UnitOfWork
from bot.core.text import reason, t, tn
from bot.core.wording import plural
from bot.readinglist import history_writes
from bot.readinglist.backfill import ContentBackfill
from bot.readinglist.import_deadline import LOOKUP_DEADLINE, Deadline, Progress
from bot.readinglist.import_history import LoggedMeeting, Placed, logged, past_entries, place
from bot.readinglist.import_jobs import ParsedList, parse_job, report_lines
from bot.readinglist.import_lookups import EntryLookups, title_only
from bot.readinglist.import_writes import ImportWriter, find_club
from bot.readinglist.lookup.service import LookupService
from bot.readinglist.lookup_pace import LookupPace
from bot.readinglist.merge import ImportPlan, Rejected
from bot.readinglist.parsers.base import MAX_ENTRIES
from bot.readinglist.parsers.reader import DEFAULT_MAX_BYTES
from bot.readinglist.report import parse_notes
from bot.readinglist.sandbox import JobFailed, Sandbox
from bot.readinglist.schema import PaperEntry

__all__ = ["LOOKUP_DEADLINE", "ClubImporter", "ImportRefused", "Progress"]


class ImportRefused(Exception):
    """Nothing was imported; `outcome` says why, entry by entry."""

    def __init__(self, outcome: ImportOutcome) -> None:
        super().__init__(
            f"{outcome.headline}: " + "; ".join(line.strip() for line in outcome.lines)
        )
        self.outcome = outcome


def _unnamed(line: int | None) -> str:
    """What a rejected entry is called when the parser could not name it."""
    return t("(an entry without a title)") if line else t("(the list)")


def _report(plan: ImportPlan) -> tuple[str, ...]:
    return report_lines(plan)


class ClubImporter:
    """The ReadingListImporter port, plus the entry point of `paperclub papers import`."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        clock: Clock,
        lookup: PaperLookup | None = None,
        *,
        backfill: ContentBackfill | None = None,
        sandbox: Sandbox | None = None,
        max_entries: int = MAX_ENTRIES,
        max_bytes: int = DEFAULT_MAX_BYTES,
        lookup_deadline: float = LOOKUP_DEADLINE,
    ) -> None:
        self.uow = uow
        self.clock = clock
        self.lookup = lookup
        # Imported papers with only an abstract are read for prompts in the background.
        self.backfill = backfill
        self.sandbox = sandbox or Sandbox()
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.lookup_deadline = lookup_deadline

    async def import_text(
        self,
        club: ClubKey,
        text: str,
        *,
        source: str,
        progress: Callable[[ImportProgress], None] | None = None,
    ) -> ImportOutcome:
        size = len(text.encode("utf-8"))
        if size > self.max_bytes:
            megabytes, limit = size / (1024 * 1024), self.max_bytes / (1024 * 1024)
            raise InvalidInput(
                t(
                    "That list is {size} MB; the limit is {limit} MB, so nothing was imported.",
                    size=format(megabytes, ".1f"),
                    limit=format(limit, ".0f"),
                ),
                hint=t("Split it into smaller files and import them one after the other."),
            )
        parsed = await self._parse(text, source)
        if parsed.result is None:
            refusal = parsed.refusal or t("I could not read that list.")
            raise InvalidInput(refusal, hint=parsed.hint)
        result = parsed.result
        read = parsed.read.describe(result.format, len(result.entries), len(result.skipped))
        notes = tuple(parse_notes(result, meetings=False))
        rejected = [
            Rejected(p.entry or _unnamed(p.line), p.message, source, p.line)
            for p in result.problems
        ]
        try:
            paced = LookupPace(progress) if progress is not None else None
            outcome = await self.import_entries(
                club,
                result.entries,
                rejected,
                meetings=logged(result.meetings, result.entries),
                progress=paced,
            )
        except ImportRefused as exc:
            outcome = exc.outcome
        return ImportOutcome(
            outcome.applied, outcome.headline, outcome.queued, (read, *outcome.lines, *notes)
        )

    async def _parse(self, text: str, source: str) -> ParsedList:
        try:
            return await self.sandbox.run(parse_job, text, source, self.max_entries)
        except JobFailed as exc:
            raise InvalidInput(
                t("I could not read that list: {why}. Nothing was imported.", why=reason(exc)),
                hint=t(
                    "Check that it is a reading list (Markdown, BibTeX, CSV, YAML/JSON or "
                    "arXiv links) and try a smaller part of it."
                ),
            ) from None

    async def import_entries(
        self,
        club: ClubKey | str | None,
        entries: Sequence[PaperEntry],
        rejected: Sequence[Rejected] = (),
        *,
        skip_invalid: bool = False,
        dry_run: bool = False,
        progress: Progress | None = None,
        meetings: Sequence[LoggedMeeting] = (),
    ) -> ImportOutcome:
        """Merge `entries` into the club (None: the shared list). Raises ImportRefused when
        something is rejected, unless `skip_invalid`; then nothing is changed. A `dry_run` does
        everything the real run does (the club check, the lookups, the merge against the stored
        papers) except the writes, so its report is the real run's. A meeting log's dated
        `meetings` become the club's past and pinned sessions (import_history.py)."""
        if len(entries) > self.max_entries:
            raise InvalidInput(
                t(
                    "That is {papers}; one import takes at most {limit}, so nothing was imported.",
                    papers=plural(len(entries), "paper"),
                    limit=self.max_entries,
                ),
                hint=t("Split the list and import the parts one after the other."),
            )
        if club is not None:
            async with self.uow() as uow:
                await find_club(uow, club)  # an unknown club is refused before any lookup
        lookups = EntryLookups(self.uow, self.lookup)
        writer = ImportWriter(self.uow, self.clock, self.sandbox, self.backfill)
        clock = Deadline(self.lookup_deadline, progress)
        looked_up, kept, failed, notes = await lookups.look_up(entries, clock)
        problems = [*rejected, *failed]
        if problems and not skip_invalid:
            plan = ImportPlan(papers=[], rejected=problems)
            raise ImportRefused(
                ImportOutcome(
                    False,
                    tn(
                        "{n} of the entries has a problem",
                        "{n} of the entries have problems",
                        len(problems),
                    ),
                    0,
                    _report(plan),
                )
            )
        if isinstance(self.lookup, LookupService) and any(map(title_only, looked_up)):
            # Titles the club's papers already have need no lookup: the merge says which
            # entries are new, and only those are searched for.
            work, _ = await writer.plan(club, looked_up, problems)
            looked_up = await lookups.by_titles(looked_up, work.fresh, notes, clock)
        placed: list[Placed] = []
        if meetings and club is not None:
            async with self.uow() as uow:
                found = await find_club(uow, club)
            placed = place(meetings, kept, looked_up, found, self.clock.now())
        held = past_entries(placed)
        if dry_run:
            work, queued = await writer.plan(club, looked_up, problems, held)
            if club is not None and placed:
                placed = await writer.history(club, placed, work)
            report = (*work.report, *history_writes.lines(placed), *notes)
            return ImportOutcome(False, work.headline, queued, report)
        outcome, placed = await writer.apply(club, looked_up, problems, placed, held)
        report = (*outcome.lines, *history_writes.lines(placed), *notes)
        return ImportOutcome(outcome.applied, outcome.headline, outcome.queued, report)
