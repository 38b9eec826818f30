"""Merging imported papers into a reading list without reordering or losing anything.

Whether two entries are the same paper is the core's one rule (`bot.core.domain.paper_match`:
ids, then titles with abbreviations spelled out, a nickname prefix, or near-identical words).
The index below only finds the candidates fast: exact keys from dictionaries, near-identical
titles through rapidfuzz (the same similarity measure, in C) with a margin, and every candidate
is confirmed by `paper_match.match`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.core.domain import paper_match
from bot.core.text import reason, t
from bot.readinglist.ids import slugify
from bot.readinglist.parsers.base import is_placeholder_url
from bot.readinglist.parsers.idlist import is_placeholder_title
from bot.readinglist.schema import PaperEntry

# rapidfuzz only narrows the search; `paper_match.match` decides. The margin keeps a rounding
# difference between the two implementations from hiding a candidate.
_CANDIDATE_CUTOFF = paper_match.SIMILAR - 1


@dataclass(frozen=True)
class Added:
    entry: PaperEntry
    source: str | None = None


@dataclass(frozen=True)
class Merged:
    """`incoming` was recognised as the paper at `index`; `enriched` names the fields it added."""

    entry: PaperEntry
    index: int
    incoming: PaperEntry
    matched_by: str
    enriched: tuple[str, ...]


@dataclass(frozen=True)
class Rejected:
    title: str
    reason: str
    source: str | None = None
    line: int | None = None


@dataclass
class ImportPlan:
    """The list after the import, and what happened to every incoming entry."""

    papers: list[PaperEntry]
    added: list[Added] = field(default_factory=list)
    merged: list[Merged] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    existing_count: int = 0
    # For each incoming entry, the index in `papers` it became or merged into (-1: rejected).
    placement: list[int] = field(default_factory=list)

    @property
    def enriched(self) -> list[Merged]:
        return [m for m in self.merged if m.enriched]

    @property
    def changes_anything(self) -> bool:
        return bool(self.added or self.enriched)

    def headline(self) -> str:
        return t(
            "Added {added}, merged {merged}, rejected {rejected}",
            # As counted, unformatted: "Added 1200" is what the command line has always said.
            added=str(len(self.added)),
            merged=str(len(self.merged)),
            rejected=str(len(self.rejected)),
        )

    def render_text(self) -> str:
        from bot.readinglist.report import render_text

        return render_text(self)


class _Index:
    """Lookup tables over the growing list, so matching stays linear in the file size."""

    def __init__(self) -> None:
        self.papers: list[PaperEntry] = []
        self.by_arxiv: dict[str, int] = {}
        self.by_doi: dict[str, int] = {}
        self.by_title: dict[str, int] = {}
        self.by_nickname: dict[str, int] = {}
        self.sorted_titles: list[str] = []  # what the similarity compares, per paper
        self.ids: set[str] = set()

    def add(self, paper: PaperEntry) -> int:
        self.papers.append(paper)
        self.sorted_titles.append(_sorted_key(paper))
        self.ids.add(paper.id)
        index = len(self.papers) - 1
        self._register(index, paper)
        return index

    def replace(self, index: int, paper: PaperEntry) -> None:
        self.papers[index] = paper
        self.sorted_titles[index] = _sorted_key(paper)
        self._register(index, paper)

    def _register(self, index: int, paper: PaperEntry) -> None:
        if arxiv := paper_match.arxiv_key(paper.arxiv_id):
            self.by_arxiv.setdefault(arxiv, index)
        if doi := paper_match.doi_key(paper.doi):
            self.by_doi.setdefault(doi, index)
        if not is_placeholder_title(paper.title):
            for key in paper_match.title_keys(paper.title):
                self.by_title.setdefault(key, index)
            if nickname := paper_match.nickname_key(paper.title):
                self.by_nickname.setdefault(nickname, index)

    def find(self, paper: PaperEntry) -> tuple[int, str] | None:
        for index in self._candidates(paper):
            how = paper_match.match(paper, self.papers[index])
            if how is not None:
                return index, how
        return None

    def _candidates(self, paper: PaperEntry) -> Iterator[int]:
        """Every entry the rule might call the same paper, likeliest first."""
        arxiv = paper_match.arxiv_key(paper.arxiv_id) or ""
        doi = paper_match.doi_key(paper.doi) or ""
        exact = [self.by_arxiv.get(arxiv), self.by_doi.get(doi)]
        if is_placeholder_title(paper.title):
            yield from (index for index in exact if index is not None)
            return
        key = paper_match.title_key(paper.title)
        exact += [self.by_title.get(k) for k in sorted(paper_match.title_keys(paper.title))]
        exact += [
            self.by_nickname.get(key),
            self.by_title.get(paper_match.nickname_key(paper.title) or ""),
        ]
        yield from (index for index in exact if index is not None)
        query = paper_match.sorted_words(key)
        if not query:
            return
        matches = process.extract(
            query,
            self.sorted_titles,
            scorer=fuzz.ratio,
            score_cutoff=_CANDIDATE_CUTOFF,
            limit=None,
        )
        for _, _, index in sorted(matches, key=lambda m: -m[1]):
            yield index

    def unique_id(self, wanted: str) -> str:
        if wanted not in self.ids:
            return wanted
        for n in range(2, 10_000):
            suffix = f"-{n}"
            candidate = wanted[: 80 - len(suffix)].rstrip("-") + suffix
            if candidate not in self.ids:
                return candidate
        raise RuntimeError("no free id")  # pragma: no cover - 10k papers with one slug


def _sorted_key(paper: PaperEntry) -> str:
    return paper_match.sorted_words(paper_match.title_key(paper.title))


def _longer(a: str | None, b: str | None) -> bool:
    return len(b or "") > len(a or "")


def enrich(existing: PaperEntry, incoming: PaperEntry) -> tuple[PaperEntry, tuple[str, ...]]:
    """`existing` with the richer of each field from `incoming`; never loses information."""
    updates: dict[str, object] = {}
    if is_placeholder_title(existing.title) and not is_placeholder_title(incoming.title):
        updates["title"] = incoming.title
    if _longer(existing.summary, incoming.summary):
        updates["summary"] = incoming.summary
    if len(incoming.authors) > len(existing.authors):
        updates["authors"] = list(incoming.authors)
    for name in ("year", "arxiv_id", "doi", "institute", "tagline", "abstract"):
        if getattr(existing, name) in (None, "") and getattr(incoming, name) not in (None, ""):
            updates[name] = getattr(incoming, name)
    if is_placeholder_url(existing.url) and not is_placeholder_url(incoming.url):
        updates["url"] = incoming.url
    known = {t.casefold() for t in existing.tags}
    new_tags = [t for t in incoming.tags if t.casefold() not in known]
    if new_tags:
        updates["tags"] = [*existing.tags, *dict.fromkeys(new_tags)]
    summaries = dict(existing.summaries)
    for lang, text in incoming.summaries.items():
        if _longer(summaries.get(lang), text):
            summaries[lang] = text
    if summaries != existing.summaries:
        updates["summaries"] = summaries
    if not existing.prompts and incoming.prompts:
        updates["prompts"] = list(incoming.prompts)
    if not updates:
        return existing, ()
    merged = PaperEntry.model_validate({**existing.model_dump(), **updates})
    return merged, tuple(updates)


def merge(
    existing: Sequence[PaperEntry],
    incoming: Sequence[PaperEntry],
    *,
    rejected: Sequence[Rejected] = (),
) -> ImportPlan:
    """Existing entries (possibly enriched, same order) followed by new ones in file order."""
    index = _Index()
    for paper in existing:
        index.add(paper)
    plan = ImportPlan(papers=[], rejected=list(rejected), existing_count=len(existing))
    added_at: dict[int, int] = {}
    for paper in incoming:
        found = index.find(paper)
        if found is None:
            new_id = index.unique_id(paper.id or slugify(paper.title))
            entry = paper if new_id == paper.id else paper.model_copy(update={"id": new_id})
            position = index.add(entry)
            added_at[position] = len(plan.added)
            plan.added.append(Added(entry))
            plan.placement.append(position)
            continue
        position, how = found
        try:
            enriched, fields = enrich(index.papers[position], paper)
        except ValueError as exc:
            plan.rejected.append(
                Rejected(
                    paper.title, t("could not merge into an existing entry: {why}", why=reason(exc))
                )
            )
            plan.placement.append(-1)
            continue
        if fields:
            index.replace(position, enriched)
            if position in added_at:
                plan.added[added_at[position]] = Added(enriched)
        plan.merged.append(Merged(enriched, position, paper, how, fields))
        plan.placement.append(position)
    plan.papers = list(index.papers)
    return plan
