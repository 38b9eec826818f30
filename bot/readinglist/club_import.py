"""Importing a reading list into a club (or the shared list), through the core's ports.

Ids without titles are looked up first, outside any transaction; then one unit of work merges
the entries into the stored papers and appends new ones to the club's queue. Papers already
queued keep their places, and curated (shipped) papers are never rewritten by an import: the
shipped file is their source and is synced on every start.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from pydantic import ValidationError

from bot.core.domain.clubs import Club
from bot.core.domain.errors import InvalidInput, PaperclubError
from bot.core.domain.ids import ClubKey
from bot.core.domain.papers import Paper
from bot.core.ports import Clock, ImportOutcome, PaperLookup, UnitOfWork
from bot.readinglist.backfill import ContentBackfill, wants_content
from bot.readinglist.lookup.enrich import apply_summary
from bot.readinglist.lookup.summarise import offline_summary
from bot.readinglist.merge import ImportPlan, Rejected, enrich, merge
from bot.readinglist.parsers import UnknownFormat, parse_text
from bot.readinglist.parsers.idlist import is_placeholder_title
from bot.readinglist.parsers.reader import DEFAULT_MAX_BYTES
from bot.readinglist.schema import PaperEntry
from bot.readinglist.shipped import to_entry, to_paper


class ImportRefused(Exception):
    """Nothing was imported; `outcome` says why, entry by entry."""

    def __init__(self, outcome: ImportOutcome) -> None:
        super().__init__(
            f"{outcome.headline}: " + "; ".join(line.strip() for line in outcome.lines)
        )
        self.outcome = outcome


@dataclass
class _Stored:
    papers: list[Paper] = field(default_factory=list)
    entries: list[PaperEntry] = field(default_factory=list)


def _as_entries(papers: Sequence[Paper]) -> _Stored:
    stored = _Stored()
    for paper in papers:
        try:
            entry = to_entry(paper)
        except ValidationError:
            continue  # a row the schema no longer accepts is left alone rather than merged into
        stored.papers.append(paper)
        stored.entries.append(entry)
    return stored


def with_generated_summary(entry: PaperEntry) -> PaperEntry:
    """A summary from the abstract and template prompts, where the entry has none of its own."""
    if entry.summary and entry.prompts:
        return entry
    return apply_summary(entry, offline_summary(entry.title, entry.abstract))


def _report(plan: ImportPlan) -> tuple[str, ...]:
    return tuple(plan.render_text().splitlines()[1:])


class ClubImporter:
    """The ReadingListImporter port, plus the entry point of `paperclub papers import`."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        clock: Clock,
        lookup: PaperLookup | None = None,
        *,
        backfill: ContentBackfill | None = None,
    ) -> None:
        self.uow = uow
        self.clock = clock
        self.lookup = lookup
        # Imported papers with only an abstract are read for prompts in the background.
        self.backfill = backfill

    async def import_text(self, club: ClubKey, text: str, *, source: str) -> ImportOutcome:
        if len(text.encode("utf-8")) > DEFAULT_MAX_BYTES:
            raise InvalidInput("That list is larger than the 5 MB limit; nothing was imported.")
        try:
            parsed = parse_text(text, source=source)
        except UnknownFormat as exc:
            raise InvalidInput(
                "I can't tell what kind of reading list that is.", hint=str(exc)
            ) from None
        rejected = [
            Rejected(p.entry or "(the list)", p.message, source, p.line) for p in parsed.problems
        ]
        try:
            return await self.import_entries(club, parsed.entries, rejected)
        except ImportRefused as exc:
            return exc.outcome

    async def import_entries(
        self,
        club: ClubKey | str | None,
        entries: Sequence[PaperEntry],
        rejected: Sequence[Rejected] = (),
        *,
        skip_invalid: bool = False,
    ) -> ImportOutcome:
        """Merge `entries` into the club (None: the shared list). Raises ImportRefused when
        something is rejected, unless `skip_invalid`; then nothing is changed."""
        looked_up, failed = await self._look_up(entries)
        problems = [*rejected, *failed]
        if problems and not skip_invalid:
            plan = ImportPlan(papers=[], rejected=problems)
            raise ImportRefused(
                ImportOutcome(
                    False, f"{len(problems)} of the entries have problems", 0, _report(plan)
                )
            )
        return await self._apply(club, looked_up, problems)

    async def _look_up(
        self, entries: Sequence[PaperEntry]
    ) -> tuple[list[PaperEntry], list[Rejected]]:
        found: list[PaperEntry] = []
        failed: list[Rejected] = []
        for entry in entries:
            if not is_placeholder_title(entry.title):
                found.append(entry)
                continue
            known = await self._known(entry)
            if known is not None:
                found.append(enrich(known, entry)[0])
                continue
            if self.lookup is None:
                failed.append(Rejected(entry.title, "looking up ids is not set up"))
                continue
            try:
                paper = await self.lookup.resolve(entry.title)
                if paper is None:
                    raise InvalidInput(f"{entry.title} is not an arXiv id or DOI")
                fetched = to_entry(paper)
            except PaperclubError as exc:
                failed.append(Rejected(entry.title, exc.message))
                continue
            except ValidationError as exc:
                failed.append(Rejected(entry.title, f"the metadata is not usable ({exc})"))
                continue
            # Keep what the list itself said (tags, notes) on top of the fetched metadata.
            merged, _ = enrich(fetched, entry)
            found.append(merged)
        return found, failed

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

    async def _apply(
        self, club_ref: ClubKey | str | None, incoming: list[PaperEntry], rejected: list[Rejected]
    ) -> ImportOutcome:
        now = self.clock.now()
        async with self.uow() as uow:
            club = await _find_club(uow, club_ref) if club_ref is not None else None
            shipped = await uow.papers.shipped()
            stored = _as_entries(await uow.papers.all())
            if club is not None:
                current = [e.paper for e in await uow.queue.entries(club.id)]
            else:
                current = shipped
            # Against the club's own list, for the report the member reads.
            report = merge(_as_entries(current).entries, incoming, rejected=rejected)
            # Against every stored paper, so a known paper is reused instead of stored twice.
            plan = merge(stored.entries, incoming)
            shipped_ids = {p.id for p in shipped}
            next_rank = len(shipped) + 1
            order: list[int] = []
            to_read: list[int] = []
            for index in dict.fromkeys(i for i in plan.placement if i >= 0):
                entry = with_generated_summary(plan.papers[index])
                if index < len(stored.papers):
                    paper = stored.papers[index]
                    if paper.id not in shipped_ids and entry != stored.entries[index]:
                        paper = await uow.papers.upsert(replace(to_paper(entry), id=paper.id))
                else:
                    rank = next_rank if club is None else None
                    next_rank += club is None
                    paper = await uow.papers.upsert(to_paper(entry), shipped_rank=rank)
                order.append(paper.id)
                if wants_content(paper):
                    to_read.append(paper.id)
            queued = await uow.queue.append_many(club.id, order, now) if club is not None else 0
            await uow.commit()
        if self.backfill is not None:
            self.backfill.enqueue(to_read)
        return ImportOutcome(True, report.headline(), queued, _report(report))


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
