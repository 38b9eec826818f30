"""Importing a reading list into a club (or the shared list), through the core's ports.

The text is parsed in a sandboxed child process (time, memory and entry limits), never on the
event loop. Ids without titles are then looked up, outside any transaction. The merge into the
stored papers, with its fuzzy title matching over every stored paper, runs in a child process
too, on a snapshot read just before; one unit of work then writes the papers and appends new
ones to the club's queue. Papers already queued keep their places, and curated (shipped) papers
are never rewritten by an import: the shipped file is their source and is synced on every start.

The snapshot can be a few seconds old when the writes happen. Writes go through `upsert`, which
finds a paper by slug or arXiv id, so a paper another import stored meanwhile is updated, not
duplicated.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from pydantic import ValidationError

from bot.core.domain.clubs import Club
from bot.core.domain.errors import InvalidInput, PaperclubError
from bot.core.domain.ids import ClubKey
from bot.core.ports import Clock, ImportOutcome, PaperLookup, PaperReference, UnitOfWork
from bot.readinglist.backfill import ContentBackfill, wants_content
from bot.readinglist.import_jobs import ImportWork, ParsedList, parse_job, plan_job, report_lines
from bot.readinglist.lookup.service import LookupService, confident_match
from bot.readinglist.merge import ImportPlan, Rejected, enrich
from bot.readinglist.parsers.base import MAX_ENTRIES, is_placeholder_url
from bot.readinglist.parsers.idlist import is_placeholder_title
from bot.readinglist.parsers.reader import DEFAULT_MAX_BYTES
from bot.readinglist.report import parse_notes
from bot.readinglist.sandbox import JobFailed, Sandbox
from bot.readinglist.schema import PaperEntry
from bot.readinglist.shipped import to_entry

# All the lookups of one import together: 2,000 ids are 20 batched arXiv requests (a minute at one
# per 3 s); 200 titles searched one by one are 10 minutes. Past it, the rest are not looked up and
# are listed, so an import never hangs on a slow service.
LOOKUP_DEADLINE = 900.0

Progress = Callable[[int, int], None]  # (looked up so far, to look up)


T = TypeVar("T")


class ImportRefused(Exception):
    """Nothing was imported; `outcome` says why, entry by entry."""

    def __init__(self, outcome: ImportOutcome) -> None:
        super().__init__(
            f"{outcome.headline}: " + "; ".join(line.strip() for line in outcome.lines)
        )
        self.outcome = outcome


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

    async def import_text(self, club: ClubKey, text: str, *, source: str) -> ImportOutcome:
        size = len(text.encode("utf-8"))
        if size > self.max_bytes:
            limit = self.max_bytes / (1024 * 1024)
            raise InvalidInput(
                f"That list is {size / (1024 * 1024):.1f} MB; the limit is {limit:.0f} MB, "
                "so nothing was imported.",
                hint="Split it into smaller files and import them one after the other.",
            )
        parsed = await self._parse(text, source)
        if parsed.result is None:
            raise InvalidInput(parsed.refusal or "I could not read that list.", hint=parsed.hint)
        result = parsed.result
        read = parsed.read.describe(result.format, len(result.entries), len(result.skipped))
        notes = tuple(parse_notes(result))
        rejected = [
            Rejected(p.entry or "(the list)", p.message, source, p.line) for p in result.problems
        ]
        try:
            outcome = await self.import_entries(club, result.entries, rejected)
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
                f"I could not read that list: {exc}. Nothing was imported.",
                hint="Check that it is a reading list (Markdown, BibTeX, CSV, YAML/JSON or "
                "arXiv links) and try a smaller part of it.",
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
    ) -> ImportOutcome:
        """Merge `entries` into the club (None: the shared list). Raises ImportRefused when
        something is rejected, unless `skip_invalid`; then nothing is changed. A `dry_run` does
        everything the real run does (the club check, the lookups, the merge against the stored
        papers) except the writes, so its report is the real run's."""
        if len(entries) > self.max_entries:
            raise InvalidInput(
                f"That is {len(entries):,} papers; one import takes at most "
                f"{self.max_entries:,}, so nothing was imported.",
                hint="Split the list and import the parts one after the other.",
            )
        if club is not None:
            async with self.uow() as uow:
                await _find_club(uow, club)  # an unknown club is refused before any lookup
        clock = _Deadline(self.lookup_deadline, progress)
        looked_up, failed, notes = await self._look_up(entries, clock)
        problems = [*rejected, *failed]
        if problems and not skip_invalid:
            plan = ImportPlan(papers=[], rejected=problems)
            raise ImportRefused(
                ImportOutcome(
                    False, f"{len(problems)} of the entries have problems", 0, _report(plan)
                )
            )
        if isinstance(self.lookup, LookupService) and any(map(_title_only, looked_up)):
            # Titles the club's papers already have need no lookup: the merge says which
            # entries are new, and only those are searched for.
            work, _ = await self._plan(club, looked_up, problems)
            looked_up = await self._by_titles(looked_up, work.fresh, notes, clock)
        if dry_run:
            work, queued = await self._plan(club, looked_up, problems)
            return ImportOutcome(False, work.headline, queued, (*work.report, *notes))
        outcome = await self._apply(club, looked_up, problems)
        return ImportOutcome(
            outcome.applied, outcome.headline, outcome.queued, (*outcome.lines, *notes)
        )

    async def _look_up(
        self, entries: Sequence[PaperEntry], clock: _Deadline
    ) -> tuple[list[PaperEntry], list[Rejected], list[str]]:
        found: list[PaperEntry] = []
        failed: list[Rejected] = []
        notes: list[str] = []
        wanted = [e.title for e in entries if is_placeholder_title(e.title)]
        clock.add(len(wanted))
        recase = isinstance(self.lookup, LookupService)
        if isinstance(self.lookup, LookupService):
            # One `id_list` request per hundred ids instead of one per paper; the ids of
            # Scholar-cased titles ride along, so their case costs no request of its own.
            cased = [
                f"arXiv:{e.arxiv_id}"
                for e in entries
                if _scholar_cased(e) and await self._known(e) is None
            ]
            with contextlib.suppress(InvalidInput):  # each id then says it is not looked up
                await clock.run(self.lookup.prefetch([*wanted, *cased]))
        for entry in entries:
            if recase and _scholar_cased(entry):
                found.append(await self._arxiv_case(entry, clock, notes))
                continue
            if not is_placeholder_title(entry.title):
                found.append(entry)
                continue
            try:
                looked_up = await self._one(entry, clock)
            except PaperclubError as exc:
                failed.append(Rejected(entry.title, exc.message))
                continue
            finally:
                clock.step()
            found.append(looked_up)
        return found, failed, notes

    async def _arxiv_case(
        self, entry: PaperEntry, clock: _Deadline, notes: list[str]
    ) -> PaperEntry:
        """A Scholar-style lower-cased title ("Lora: Low-rank adaptation of …") as arXiv, the
        source of truth, writes it, when the words are the same. A paper the club already has
        keeps its stored title (the merge does that); anything that fails leaves the entry."""
        assert isinstance(self.lookup, LookupService) and entry.arxiv_id is not None
        if await self._known(entry) is not None:
            return entry
        try:
            meta = await clock.run(self.lookup.metadata(PaperReference(arxiv_id=entry.arxiv_id)))
        except PaperclubError:
            return entry
        if meta.title == entry.title or not confident_match(entry.title, meta.title):
            return entry
        notes.append(f"  ~ title    {entry.title} → {meta.title} (as arXiv has it)")
        return entry.model_copy(update={"title": meta.title})

    async def _one(self, entry: PaperEntry, clock: _Deadline) -> PaperEntry:
        """The entry with its id's metadata: a stored paper's, or the service's. Raises a
        PaperclubError saying why not."""
        known = await self._known(entry)
        if known is not None:
            return enrich(known, entry)[0]
        if self.lookup is None:
            raise InvalidInput("looking up ids is not set up")
        paper = await clock.run(self.lookup.resolve(entry.title))
        if paper is None:
            raise InvalidInput(f"{entry.title} is not an arXiv id or DOI")
        try:
            fetched = to_entry(paper)
        except ValidationError as exc:
            raise InvalidInput(f"the metadata is not usable ({exc})") from None
        # Keep what the list itself said (tags, notes) on top of the fetched metadata.
        return enrich(fetched, entry)[0]

    async def _by_titles(
        self, entries: list[PaperEntry], fresh: frozenset[str], notes: list[str], clock: _Deadline
    ) -> list[PaperEntry]:
        clock.add(sum(_title_only(e) and e.id in fresh for e in entries))
        out: list[PaperEntry] = []
        down: str | None = None  # once arXiv fails, the other titles are not tried
        for entry in entries:
            if not _title_only(entry) or entry.id not in fresh:
                out.append(entry)
            elif down is not None:
                notes.append(f"  ? title only {entry.title}: not looked up ({down})")
                out.append(entry)
            else:
                try:
                    out.append(await clock.run(self._by_title(entry, notes)))
                    clock.step()
                except PaperclubError as exc:
                    down = exc.message.rstrip(".")
                    notes.append(f"  ? title only {entry.title}: not looked up ({down})")
                    out.append(entry)
        return out

    async def _by_title(self, entry: PaperEntry, notes: list[str]) -> PaperEntry:
        """A title-only entry with the ids of the paper arXiv finds by that exact title; when
        there is no confident match, the entry as it is, listed as title-only."""
        assert isinstance(self.lookup, LookupService)
        paper = await self.lookup.find_title(entry.title)
        if paper is None:
            notes.append(
                f"  ? title only {entry.title}: no paper on arXiv has that title, imported as it is"
            )
            return entry
        try:
            fetched = to_entry(paper)
        except ValidationError:
            notes.append(f"  ? title only {entry.title}: the match is not usable")
            return entry
        notes.append(f"  ~ found    {entry.title} → arXiv:{paper.arxiv_id}")
        return enrich(fetched, entry)[0]

    async def _known(self, entry: PaperEntry) -> PaperEntry | None:
        """A stored paper with the entry's id, so known papers need no lookup."""
        async with self.uow() as uow:
            if entry.arxiv_id:
                paper = await uow.papers.find_by_arxiv(entry.arxiv_id)
            else:
                paper = await uow.papers.find_by_doi(entry.doi) if entry.doi else None
        if paper is None:
            return None
        try:
            return to_entry(paper)
        except ValidationError:
            return None

    async def _plan(
        self, club_ref: ClubKey | str | None, incoming: list[PaperEntry], rejected: list[Rejected]
    ) -> tuple[ImportWork, int]:
        """The merge, computed in a child process on a snapshot of the stored papers, and how
        many of its papers the club's queue does not hold yet."""
        async with self.uow() as uow:
            club = await _find_club(uow, club_ref) if club_ref is not None else None
            shipped = await uow.papers.shipped()
            stored = await uow.papers.all()
            if club is not None:
                current = [e.paper for e in await uow.queue.entries(club.id)]
            else:
                current = shipped
        shipped_ids = frozenset(p.id for p in shipped)
        try:
            work: ImportWork = await self.sandbox.run(
                plan_job, stored, current, shipped_ids, incoming, rejected
            )
        except JobFailed as exc:
            raise InvalidInput(
                f"Merging that list into the club's papers failed: {exc}. Nothing was imported.",
                hint="Try importing a smaller part of the list.",
            ) from None
        queue = {p.id for p in current} if club is not None else set()
        new = {step.existing_id for step in work.steps if step.existing_id is not None}
        fresh = sum(step.existing_id is None for step in work.steps)
        return work, (fresh + len(new - queue)) if club is not None else 0

    async def _apply(
        self, club_ref: ClubKey | str | None, incoming: list[PaperEntry], rejected: list[Rejected]
    ) -> ImportOutcome:
        work, _ = await self._plan(club_ref, incoming, rejected)
        now = self.clock.now()
        async with self.uow() as uow:
            club = await _find_club(uow, club_ref) if club_ref is not None else None
            next_rank = len(await uow.papers.shipped()) + 1
            order: list[int] = []
            to_read: list[int] = []
            for step in work.steps:
                if step.paper is None:
                    assert step.existing_id is not None
                    order.append(step.existing_id)
                    if step.wants_content:
                        to_read.append(step.existing_id)
                    continue
                rank = next_rank if club is None and step.existing_id is None else None
                next_rank += rank is not None
                stored = await uow.papers.upsert(step.paper, shipped_rank=rank)
                order.append(stored.id)
                if wants_content(stored):
                    to_read.append(stored.id)
            queued = await uow.queue.append_many(club.id, order, now) if club is not None else 0
            await uow.commit()
        if self.backfill is not None:
            self.backfill.enqueue(to_read)
        return ImportOutcome(True, work.headline, queued, work.report)


class _Deadline:
    """The lookups of one import share one deadline (on the event loop's monotonic clock: it
    measures a duration, and must not jump with the system time) and report their progress."""

    def __init__(self, seconds: float, progress: Progress | None) -> None:
        self.seconds = seconds
        self.ends = asyncio.get_running_loop().time() + seconds
        self.progress = progress
        self.total = 0
        self.done = 0

    def add(self, count: int) -> None:
        self.total += count
        if self.progress is not None and count:
            self.progress(self.done, self.total)

    def step(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)

    async def run(self, work: Awaitable[T]) -> T:
        """`work`'s result; past the deadline, InvalidInput saying so (`work` is cancelled)."""
        left = self.ends - asyncio.get_running_loop().time()
        try:
            if left <= 0:
                raise TimeoutError
            return await asyncio.wait_for(work, left)
        except TimeoutError:
            if asyncio.iscoroutine(work):
                work.close()  # never started: closing it keeps Python from warning
            minutes = max(1, round(self.seconds / 60))
            raise InvalidInput(
                f"not looked up: the import's lookups ran past their {minutes}-minute deadline"
            ) from None


def _scholar_cased(entry: PaperEntry) -> bool:
    """A title as Google Scholar exports it: capitals only at its start and after a colon
    ("Lora: Low-rank adaptation of large language models"), on a paper with an arXiv id."""
    title = entry.title
    if not entry.arxiv_id or is_placeholder_title(title) or len(title.split()) < 3:
        return False
    for index, char in enumerate(title):
        if char.isupper() and index and not title[:index].rstrip().endswith(":"):
            return False
    return any(char.isalpha() for char in title)


def _title_only(entry: PaperEntry) -> bool:
    """An entry with a title and nothing to find the paper by: no id, no link of its own."""
    return not (entry.arxiv_id or entry.doi) and is_placeholder_url(entry.url)


async def _find_club(uow: UnitOfWork, ref: ClubKey | str) -> Club:
    """A club by its key, or (from the command line) by `platform:workspace:channel` or name."""
    if isinstance(ref, ClubKey):
        found = await uow.clubs.get(ref)
    else:
        try:
            found = await uow.clubs.get(ClubKey.parse(ref))
        except ValueError:
            clubs = await uow.clubs.all()
            found = next((c for c in clubs if c.name.casefold() == ref.casefold()), None)
    if found is None:
        names = ", ".join(str(c.key) for c in await uow.clubs.all()) or "none yet"
        raise InvalidInput(f"There is no club {str(ref)!r} (clubs: {names}).")
    return found
