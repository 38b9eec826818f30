"""Looking an import's entries up: ids to their metadata, Scholar-cased titles to arXiv's case,
and titles without ids to the paper of that title. Everything outside any transaction; a stored
paper with the entry's id needs no lookup."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence

from pydantic import ValidationError

from bot.core.domain.errors import InvalidInput, PaperclubError
from bot.core.domain.paper_match import same_title
from bot.core.ports import PaperLookup, PaperReference, UnitOfWork
from bot.core.text import Text, t
from bot.readinglist.import_deadline import Deadline
from bot.readinglist.lookup.service import LookupService
from bot.readinglist.merge import Rejected, enrich
from bot.readinglist.parsers.base import is_placeholder_url
from bot.readinglist.parsers.idlist import is_placeholder_title
from bot.readinglist.schema import PaperEntry
from bot.readinglist.shipped import to_entry


class EntryLookups:
    """The lookups of the club importer, through its lookup service and stored papers."""

    def __init__(self, uow: Callable[[], UnitOfWork], lookup: PaperLookup | None) -> None:
        self.uow = uow
        self.lookup = lookup

    async def look_up(
        self, entries: Sequence[PaperEntry], clock: Deadline
    ) -> tuple[list[PaperEntry], list[int], list[Rejected], list[str]]:
        """The entries looked up, the place in `entries` of each (failed ones are left out and
        listed), and notes for the report."""
        found: list[PaperEntry] = []
        kept: list[int] = []
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
                if _scholar_cased(e) and await self.known(e) is None
            ]
            with contextlib.suppress(InvalidInput):  # each id then says it is not looked up
                await clock.run(self.lookup.prefetch([*wanted, *cased]))
        for place, entry in enumerate(entries):
            if recase and _scholar_cased(entry):
                found.append(await self._arxiv_case(entry, clock, notes))
                kept.append(place)
                continue
            if not is_placeholder_title(entry.title):
                found.append(entry)
                kept.append(place)
                continue
            try:
                looked_up = await self._one(entry, clock)
            except PaperclubError as exc:
                failed.append(Rejected(entry.title, exc.message))
                continue
            finally:
                clock.step()
            found.append(looked_up)
            kept.append(place)
        return found, kept, failed, notes

    async def _arxiv_case(self, entry: PaperEntry, clock: Deadline, notes: list[str]) -> PaperEntry:
        """A Scholar-style lower-cased title ("Lora: Low-rank adaptation of …") as arXiv, the
        source of truth, writes it, when the words are the same. A paper the club already has
        keeps its stored title (the merge does that); anything that fails leaves the entry."""
        assert isinstance(self.lookup, LookupService) and entry.arxiv_id is not None
        if await self.known(entry) is not None:
            return entry
        try:
            meta = await clock.run(self.lookup.metadata(PaperReference(arxiv_id=entry.arxiv_id)))
        except PaperclubError:
            return entry
        if meta.title == entry.title or not same_title(entry.title, meta.title):
            return entry
        notes.append(
            t(
                "  ~ title    {title} → {arxiv} (as arXiv has it)",
                title=entry.title,
                arxiv=meta.title,
            )
        )
        return entry.model_copy(update={"title": meta.title})

    async def _one(self, entry: PaperEntry, clock: Deadline) -> PaperEntry:
        """The entry with its id's metadata: a stored paper's, or the service's. Raises a
        PaperclubError saying why not."""
        known = await self.known(entry)
        if known is not None:
            return enrich(known, entry)[0]
        if self.lookup is None:
            raise InvalidInput(t("looking up ids is not set up"))
        paper = await clock.run(self.lookup.resolve(entry.title))
        if paper is None:
            raise InvalidInput(t("{title} is not an arXiv id or DOI", title=entry.title))
        try:
            fetched = to_entry(paper)
        except ValidationError as exc:
            raise InvalidInput(t("the metadata is not usable ({why})", why=str(exc))) from None
        # Keep what the list itself said (tags, notes) on top of the fetched metadata.
        return enrich(fetched, entry)[0]

    async def by_titles(
        self, entries: list[PaperEntry], fresh: frozenset[str], notes: list[str], clock: Deadline
    ) -> list[PaperEntry]:
        clock.add(sum(title_only(e) and e.id in fresh for e in entries))
        out: list[PaperEntry] = []
        down: str | None = None  # once arXiv fails, the other titles are not tried
        for entry in entries:
            if not title_only(entry) or entry.id not in fresh:
                out.append(entry)
            elif down is not None:
                notes.append(_not_looked_up(entry.title, down))
                out.append(entry)
            else:
                try:
                    out.append(await clock.run(self._by_title(entry, notes)))
                    clock.step()
                except PaperclubError as exc:
                    down = exc.message
                    notes.append(_not_looked_up(entry.title, down))
                    out.append(entry)
        return out

    async def _by_title(self, entry: PaperEntry, notes: list[str]) -> PaperEntry:
        """A title-only entry with the ids of the paper arXiv or Crossref finds by that title
        (and the list's year and authors, when it gives them); when there is no confident
        match, the entry as it is, listed as title-only."""
        assert isinstance(self.lookup, LookupService)
        paper = await self.lookup.find_title(entry.title, year=entry.year, authors=entry.authors)
        if paper is None:
            notes.append(
                t(
                    "  ? title only {title}: no paper on arXiv or Crossref has that title, "
                    "imported as it is",
                    title=entry.title,
                )
            )
            return entry
        try:
            fetched = to_entry(paper)
        except ValidationError:
            notes.append(t("  ? title only {title}: the match is not usable", title=entry.title))
            return entry
        found = f"arXiv:{paper.arxiv_id}" if paper.arxiv_id else f"doi:{paper.doi}"
        notes.append(t("  ~ found    {title} → {found}", title=entry.title, found=found))
        return enrich(fetched, entry)[0]

    async def known(self, entry: PaperEntry) -> PaperEntry | None:
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


def _not_looked_up(title: str, why: str) -> Text:
    # `why` is the lookup's own sentence (a `Text`), said whole: cutting its full stop would
    # turn it into plain English.
    return t("  ? title only {title}: not looked up ({why})", title=title, why=why)


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


def title_only(entry: PaperEntry) -> bool:
    """An entry with a title and nothing to find the paper by: no id, no link of its own."""
    return not (entry.arxiv_id or entry.doi) and is_placeholder_url(entry.url)
