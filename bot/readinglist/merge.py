"""Merging imported papers into a reading list without reordering or losing anything.

Two entries are the same paper when they share an arXiv id or a DOI, when their titles match
after normalisation (also with a one-word nickname prefix like "BERT:" removed), or, failing
that, when the normalised titles are near-identical (token_sort_ratio ≥ 92) and their years,
when both are known, are at most one apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.readinglist.ids import slugify
from bot.readinglist.parsers.base import is_placeholder_url
from bot.readinglist.parsers.idlist import is_placeholder_title
from bot.readinglist.schema import PaperEntry, normalize_title

FUZZY_THRESHOLD = 92
_MIN_SUBTITLE_WORDS = 4
# Reading lists abbreviate titles ("Training a LM…", "A Guide to PEFT"); comparing the expanded
# forms lets those match the real title without loosening the fuzzy threshold.
_ABBREVIATIONS = {
    "lm": "language model",
    "lms": "language models",
    "llm": "large language model",
    "llms": "large language models",
    "peft": "parameter efficient fine tuning",
    "nmt": "neural machine translation",
    "rl": "reinforcement learning",
}


def comparable_title(title: str) -> str:
    """The normalised title with common abbreviations spelled out."""
    return " ".join(_ABBREVIATIONS.get(word, word) for word in normalize_title(title).split())


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
        return f"Added {len(self.added)}, merged {len(self.merged)}, rejected {len(self.rejected)}"

    def render_text(self) -> str:
        from bot.readinglist.report import render_text

        return render_text(self)


def title_keys(title: str) -> set[str]:
    """Normalised forms of a title, with and without a short "Nickname:" prefix."""
    keys = {normalize_title(title), comparable_title(title)}
    head, sep, rest = title.partition(": ")
    if sep and len(head.split()) <= 3 and len(normalize_title(rest).split()) >= _MIN_SUBTITLE_WORDS:
        keys |= {normalize_title(rest), comparable_title(rest)}
    keys.discard("")
    return keys


class _Index:
    """Lookup tables over the growing list, so matching stays linear in the file size."""

    def __init__(self) -> None:
        self.papers: list[PaperEntry] = []
        self.by_arxiv: dict[str, int] = {}
        self.by_doi: dict[str, int] = {}
        self.by_title: dict[str, int] = {}
        self.norm_titles: list[str] = []
        self.ids: set[str] = set()

    def add(self, paper: PaperEntry) -> int:
        self.papers.append(paper)
        self.norm_titles.append(comparable_title(paper.title))
        self.ids.add(paper.id)
        index = len(self.papers) - 1
        self._register(index, paper)
        return index

    def replace(self, index: int, paper: PaperEntry) -> None:
        self.papers[index] = paper
        self.norm_titles[index] = comparable_title(paper.title)
        self._register(index, paper)

    def _register(self, index: int, paper: PaperEntry) -> None:
        if paper.arxiv_id:
            self.by_arxiv.setdefault(paper.arxiv_id, index)
        if paper.doi:
            self.by_doi.setdefault(paper.doi.casefold(), index)
        if not is_placeholder_title(paper.title):
            for key in title_keys(paper.title):
                self.by_title.setdefault(key, index)

    def find(self, paper: PaperEntry) -> tuple[int, str] | None:
        if paper.arxiv_id and paper.arxiv_id in self.by_arxiv:
            return self.by_arxiv[paper.arxiv_id], "arXiv id"
        if paper.doi and paper.doi.casefold() in self.by_doi:
            return self.by_doi[paper.doi.casefold()], "DOI"
        if is_placeholder_title(paper.title):
            return None
        for key in sorted(title_keys(paper.title)):
            if key in self.by_title and self._compatible(self.by_title[key], paper):
                return self.by_title[key], "title"
        return self._fuzzy(paper)

    def _compatible(self, index: int, paper: PaperEntry) -> bool:
        # Two different arXiv ids are two different papers, however alike the titles.
        other = self.papers[index]
        return not (paper.arxiv_id and other.arxiv_id and paper.arxiv_id != other.arxiv_id)

    def _fuzzy(self, paper: PaperEntry) -> tuple[int, str] | None:
        query = comparable_title(paper.title)
        if not query:
            return None
        matches = process.extract(
            query,
            self.norm_titles,
            scorer=fuzz.token_sort_ratio,
            score_cutoff=FUZZY_THRESHOLD,
            limit=None,
        )
        for _, _, index in sorted(matches, key=lambda m: -m[1]):
            other = self.papers[index]
            years_close = (
                paper.year is None or other.year is None or abs(paper.year - other.year) <= 1
            )
            if years_close and self._compatible(index, paper):
                return index, "similar title"
        return None

    def unique_id(self, wanted: str) -> str:
        if wanted not in self.ids:
            return wanted
        for n in range(2, 10_000):
            suffix = f"-{n}"
            candidate = wanted[: 80 - len(suffix)].rstrip("-") + suffix
            if candidate not in self.ids:
                return candidate
        raise RuntimeError("no free id")  # pragma: no cover - 10k papers with one slug


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
                Rejected(paper.title, f"could not merge into an existing entry: {exc}")
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
