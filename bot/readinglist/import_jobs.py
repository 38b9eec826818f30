"""The two heavy steps of an import, as plain functions a sandboxed child process runs.

`parse_job` turns untrusted text into validated entries; `plan_job` merges them into the stored
papers (fuzzy title matching over every stored paper) and fills in generated summaries. Both
take and return only picklable values, and neither does I/O, so the parent can kill them at any
moment without leaving anything half-done.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from pydantic import ValidationError

from bot.core.domain.papers import Paper
from bot.core.text import Text, reason, t, tn
from bot.core.wording import plural
from bot.readinglist.backfill import wants_content
from bot.readinglist.lookup.enrich import apply_summary
from bot.readinglist.lookup.summarise import offline_summary
from bot.readinglist.merge import ImportPlan, Rejected, merge
from bot.readinglist.parsers import TooManyEntries, UnknownFormat, parse_text
from bot.readinglist.parsers.base import ParseResult
from bot.readinglist.report import report_lines as entry_lines
from bot.readinglist.schema import PaperEntry
from bot.readinglist.shipped import to_entry, to_paper


@dataclass(frozen=True)
class ReadSummary:
    """What was read, so a report can say exactly how much of the file it looked at."""

    source: str
    characters: int
    lines: int

    def describe(self, fmt: str, entries: int, skipped: int = 0) -> Text:
        size = (
            t("{kb} KB", kb=round(self.characters / 1024))
            if self.characters >= 10 * 1024
            else tn("{n} character", "{n} characters", self.characters)
        )
        lines = tn("{n} line", "{n} lines", self.lines)
        papers = plural(entries, "paper")
        if skipped:
            return t(
                "Read {lines} ({size}) of {source} as {format}: {papers}; "
                "{skipped} with a paper not taken (listed below).",
                lines=lines,
                size=size,
                source=self.source,
                format=fmt,
                papers=papers,
                skipped=tn("{n} line", "{n} lines", skipped),
            )
        return t(
            "Read {lines} ({size}) of {source} as {format}: {papers}.",
            lines=lines,
            size=size,
            source=self.source,
            format=fmt,
            papers=papers,
        )


@dataclass(frozen=True)
class ParsedList:
    read: ReadSummary
    result: ParseResult | None = None
    refusal: str | None = None  # why nothing could be taken from the text, for the member
    hint: str | None = None


def read_summary(text: str, source: str) -> ReadSummary:
    lines = text.count("\n") + (0 if not text or text.endswith("\n") else 1)
    return ReadSummary(source, len(text), lines)


def parse_job(text: str, source: str, max_entries: int) -> ParsedList:
    read = read_summary(text, source)
    try:
        result = parse_text(text, source=source, max_entries=max_entries)
    except UnknownFormat as exc:
        return ParsedList(
            read, refusal=t("I can't tell what kind of reading list that is."), hint=reason(exc)
        )
    except TooManyEntries as exc:
        return ParsedList(
            read,
            refusal=t(
                "That list has more than {limit} papers, the most one import takes.",
                limit=exc.limit,
            ),
            hint=t("Split it into smaller files and import them one after the other."),
        )
    return ParsedList(read, result=result)


@dataclass(frozen=True)
class Step:
    """One paper of the import, in queue order: reuse `existing_id` as it is (paper None),
    rewrite it with `paper`, or store `paper` as new (existing_id None)."""

    existing_id: int | None
    paper: Paper | None
    # An unchanged stored paper that the background reader should still read for its text.
    wants_content: bool = False


@dataclass(frozen=True)
class ImportWork:
    headline: str
    report: tuple[str, ...]
    steps: list[Step] = field(default_factory=list)
    # ids of the incoming entries that no stored paper matched: the ones stored as new
    fresh: frozenset[str] = frozenset()
    # For each incoming entry, the step it became or merged into (-1: rejected).
    placement: tuple[int, ...] = ()

    def queue_steps(self, held: frozenset[int]) -> list[int]:
        """The steps for the queue, in order: all but those only entries in `held` (read at
        past meetings) became."""
        wanted = {k for i, k in enumerate(self.placement) if k >= 0 and i not in held}
        held_only = {k for i, k in enumerate(self.placement) if k >= 0 and i in held} - wanted
        return [k for k in range(len(self.steps)) if k not in held_only]


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


def report_lines(plan: ImportPlan) -> tuple[str, ...]:
    return tuple(entry_lines(plan))


def plan_job(
    stored_papers: Sequence[Paper],
    current: Sequence[Paper],
    shipped_ids: frozenset[int],
    incoming: Sequence[PaperEntry],
    rejected: Sequence[Rejected],
    held: frozenset[int] = frozenset(),
) -> ImportWork:
    """The report against the club's own list, and the writes against every stored paper, so a
    known paper is reused instead of stored twice. Curated (shipped) papers are never rewritten.
    Entries in `held` (read at past meetings) are stored but not queued, so the queue's report
    leaves them out: the meeting log's report names them."""
    queued = [entry for i, entry in enumerate(incoming) if i not in held]
    report = merge(_as_entries(current).entries, queued, rejected=rejected)
    stored = _as_entries(stored_papers)
    plan = merge(stored.entries, incoming)
    steps: list[Step] = []
    positions = {
        index: k for k, index in enumerate(dict.fromkeys(i for i in plan.placement if i >= 0))
    }
    for index in positions:
        entry = with_generated_summary(plan.papers[index])
        if index < len(stored.papers):
            paper = stored.papers[index]
            changed = paper.id not in shipped_ids and entry != stored.entries[index]
            rewrite = replace(to_paper(entry), id=paper.id) if changed else None
            steps.append(Step(paper.id, rewrite, wants_content=wants_content(paper)))
        else:
            steps.append(Step(None, to_paper(entry)))
    known = len(stored.papers)
    fresh = frozenset(
        entry.id for entry, index in zip(incoming, plan.placement, strict=False) if index >= known
    )
    placement = tuple(positions.get(i, -1) for i in plan.placement)
    return ImportWork(report.headline(), report_lines(report), steps, fresh, placement)
