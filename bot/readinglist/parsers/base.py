"""What every parser returns, and the one place where raw fields become a validated PaperEntry."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_plus

from pydantic import ValidationError

from bot.core.text import Text, reason, t, tn
from bot.readinglist.ids import arxiv_url, doi_url, slugify
from bot.readinglist.parsers.meetings import Meeting
from bot.readinglist.schema import PaperEntry

# Imported prose can be longer than the schema allows; we keep whole sentences up to this length.
MAX_LONG_TEXT = 5000
MAX_TITLE = 300
# Entries from lists that carry no link at all still need a URL; a search link is honest about it.
PLACEHOLDER_URL_PREFIX = "https://www.semanticscholar.org/search?q="
# One import takes at most this many papers. Real reading lists hold tens to a few hundred; a
# million tiny CSV rows cost 22 s and 1.9 GB before this cap. Parsers stop at the first entry
# past it, so a huge file costs no more than a file at the limit.
MAX_ENTRIES = 2000
# Problems past this many are counted, not kept: a file of a million bad lines needs one report.
MAX_PROBLEMS = 200
# Authors kept per paper; collaborations list thousands, a club needs the first names.
MAX_AUTHORS = 100

_entry_limit: ContextVar[int] = ContextVar("entry_limit", default=MAX_ENTRIES)


class TooManyEntries(Exception):
    """A list with more entries than one import takes; raised as soon as the parser sees it."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"the list has more than {limit:,} papers, the most one import takes; "
            "split it into smaller files and import them one after the other"
        )
        self.limit = limit


def current_entry_limit() -> int:
    return _entry_limit.get()


@contextmanager
def entry_limit(limit: int) -> Iterator[None]:
    """Parsers running inside this block stop with TooManyEntries past `limit` entries."""
    token = _entry_limit.set(limit)
    try:
        yield
    finally:
        _entry_limit.reset(token)


@dataclass(frozen=True)
class Problem:
    """Something wrong with one entry (or the whole file when `entry` is None)."""

    message: str
    line: int | None = None
    entry: str | None = None

    def describe(self, source: str) -> str:
        where = t("{source}:{line}", source=source, line=str(self.line)) if self.line else source
        if self.entry:
            return t(
                "{where} ({entry}): {message}",
                where=where,
                entry=repr(self.entry),
                message=self.message,
            )
        return t("{where}: {message}", where=where, message=self.message)


@dataclass
class ParseResult:
    """Entries in file order, the problems found, and bookkeeping the import report needs."""

    source: str
    format: str
    entries: list[PaperEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # ids of entries whose title is a placeholder until metadata lookup fills it in
    needs_lookup: set[str] = field(default_factory=set)
    lines: dict[str, int] = field(default_factory=dict)
    # Problems found beyond MAX_PROBLEMS: counted, not kept.
    unlisted_problems: int = 0
    # Entries seen so far, good or bad: what the entry limit counts.
    attempts: int = 0
    # Lines that held a paper but were deliberately not taken (struck through, only mentioned):
    # reported with the import, without refusing it.
    skipped: list[Problem] = field(default_factory=list)
    # ids of entries that have a title and nothing else: no link, no id
    title_only: set[str] = field(default_factory=set)
    # A meeting log's dated entries (see parsers/meetings.py)
    meetings: list[Meeting] = field(default_factory=list)
    comment_lines: int = 0
    # Things worth a look that do not stop the import (a year that disagrees with the arXiv id)
    warnings: list[Problem] = field(default_factory=list)

    def attempt(self) -> None:
        """Count one more entry of the list; past the limit, stop the parser at once."""
        limit = _entry_limit.get()
        if self.attempts >= limit:
            raise TooManyEntries(limit)
        self.attempts += 1

    def problem(self, message: str, *, line: int | None = None, entry: str | None = None) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.unlisted_problems += 1
            return
        self.problems.append(Problem(message, line, entry[:200] if entry else entry))

    def skip(self, message: str, *, line: int | None = None, entry: str | None = None) -> None:
        if len(self.skipped) < MAX_PROBLEMS:
            self.skipped.append(Problem(message, line, entry[:200] if entry else entry))

    def warn(self, message: str, *, line: int | None = None, entry: str | None = None) -> None:
        if len(self.warnings) < MAX_PROBLEMS:
            self.warnings.append(Problem(message, line, entry[:200] if entry else entry))

    def close_problems(self) -> None:
        """Turn the count of unlisted problems into one last problem that says how many."""
        if self.unlisted_problems:
            self.problems.append(
                Problem(
                    tn(
                        "… and {n} more problem like these, not listed",
                        "… and {n} more problems like these, not listed",
                        self.unlisted_problems,
                    )
                )
            )
            self.unlisted_problems = 0

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unlisted_problems


def placeholder_url(title: str) -> str:
    return PLACEHOLDER_URL_PREFIX + quote_plus(title)


def is_placeholder_url(url: str) -> bool:
    return url.startswith(PLACEHOLDER_URL_PREFIX)


def clip(text: str, limit: int = MAX_LONG_TEXT) -> str:
    """`text` cut to `limit` characters, at a paragraph or sentence end when there is one."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    for mark in ("\n\n", ". ", "다. ", "\n"):
        cut = head.rfind(mark)
        if cut >= limit // 2:
            return head[: cut + len(mark)].rstrip()
    return head.rstrip() + "…"


def _describe_error(error: Any) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "greater_than_equal":
        return t("must be ≥ {limit}", limit=str(ctx.get("ge")))
    if kind == "less_than_equal":
        return t("must be ≤ {limit}", limit=str(ctx.get("le")))
    if kind == "missing":
        return t("is required")
    if kind == "extra_forbidden":
        return t("is not a field of a paper")
    if kind == "string_too_long":
        return t("is longer than {limit} characters", limit=str(ctx.get("max_length")))
    if kind == "string_too_short":
        return t("must not be empty")
    if error.get("msg") is None:
        return t("is invalid")
    # The schema's own checks (schema.py) and pydantic's other messages, as they are written.
    message = error["msg"]
    ctx_error = ctx.get("error")
    if isinstance(ctx_error, ValueError) and isinstance(reason(ctx_error), Text):
        return reason(ctx_error)
    return str(message).removeprefix("Value error, ")


def describe_validation_error(exc: ValidationError) -> list[str]:
    """Pydantic errors as short "field: what is wrong" lines, the way a list's author reads them."""
    lines: list[str] = []
    for error in exc.errors():
        loc = ".".join(str(part) for part in error.get("loc", ()))
        message = _describe_error(error)
        lines.append(t("{field}: {message}", field=loc, message=message) if loc else message)
    return lines


def build_entry(
    result: ParseResult,
    *,
    line: int,
    title: str,
    authors: Sequence[str] = (),
    year: int | None = None,
    arxiv_id: str | None = None,
    doi: str | None = None,
    url: str | None = None,
    tags: Sequence[str] = (),
    institute: str | None = None,
    tagline: str | None = None,
    summary: str = "",
    summaries: dict[str, str] | None = None,
    abstract: str | None = None,
    needs_lookup: bool = False,
) -> PaperEntry | None:
    """Validate the fields of one parsed entry; record a problem and return None if they fail."""
    result.attempt()
    title = " ".join(title.split())
    if not title:
        result.problem(t("no title"), line=line)
        return None
    if len(title) > MAX_TITLE:
        result.problem(
            t("title is longer than {limit} characters", limit=MAX_TITLE),
            line=line,
            entry=title[:60],
        )
        return None
    link = url or (arxiv_url(arxiv_id) if arxiv_id else None) or (doi_url(doi) if doi else None)
    seen_tags: set[str] = set()
    clean_tags = []
    for tag in tags[:100]:
        tag = " ".join(tag.split())[:40].strip()
        if tag and tag.casefold() not in seen_tags:
            seen_tags.add(tag.casefold())
            clean_tags.append(tag)
    data: dict[str, Any] = {
        "id": slugify(title),
        "title": title,
        "authors": [" ".join(a.split())[:300] for a in authors[: MAX_AUTHORS * 2] if a.strip()][
            :MAX_AUTHORS
        ],
        "year": year,
        "arxiv_id": arxiv_id,
        "doi": doi,
        "url": link or placeholder_url(title),
        "tags": clean_tags,
        "institute": institute or None,
        "tagline": clip(tagline) if tagline else None,
        "summary": clip(summary),
        "summaries": {lang: clip(text) for lang, text in (summaries or {}).items() if text},
        "abstract": clip(abstract) if abstract else None,
    }
    try:
        entry = PaperEntry.model_validate(data)
    except ValidationError as exc:
        for message in describe_validation_error(exc):
            result.problem(message, line=line, entry=title)
        return None
    result.entries.append(entry)
    result.lines.setdefault(entry.id, line)
    if needs_lookup:
        result.needs_lookup.add(entry.id)
    return entry
