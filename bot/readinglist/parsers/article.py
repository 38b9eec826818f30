"""Blog-article lists: a line `Title (year) by Authors, https://arxiv.org/abs/…` per paper,
followed by prose about it (seed 004). The prose up to the next paper becomes the summary."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.text import t
from bot.readinglist.ids import find_arxiv_ids, parse_doi
from bot.readinglist.parsers.base import ParseResult, build_entry, clip
from bot.readinglist.parsers.text import split_authors, strip_markup

FORMAT = "article"

# One pattern with a lazy title, a lazy author list and `\s*` between them backtracked over
# every run of spaces from every position (quadratic). The line is cut up in steps instead: the
# URL is its last word, the year marker is the first `(2017) by` in what remains.
_YEAR_BY_RE = re.compile(r"\(((?:19|20)\d{2})\)[ \t]+by[ \t]+")
_URL_START_RE = re.compile(r"https?://")


@dataclass(frozen=True)
class _Entry:
    title: str
    year: int
    authors: str
    url: str


def _entry(line: str) -> _Entry | None:
    """`Title (2017) by Authors, https://…` cut into its parts, or None for any other line."""
    head, _, last = line.rpartition(" ")
    start = _URL_START_RE.search(last)
    if start is None:
        return None
    head = (head + " " + last[: start.start()]).strip()
    marker = _YEAR_BY_RE.search(head)
    if marker is None:
        return None
    title = head[: marker.start()].strip()
    authors = head[marker.end() :].strip().removesuffix(",").strip()
    if not 3 <= len(title) <= 300 or not authors:
        return None
    return _Entry(title, int(marker.group(1)), authors, last[start.start() :])


# Paragraphs that talk about the article rather than the paper before them.
_END_RE = re.compile(r"^(conclusion|comments|references|further reading)\b", re.IGNORECASE)


def looks_like(text: str) -> bool:
    return sum(1 for line in text.splitlines() if _entry(" ".join(line.split()))) >= 2


def _finish(result: ParseResult, entry: _Entry, line: int, prose: list[str]) -> None:
    url = entry.url.rstrip(".,;)")
    arxiv_ids = find_arxiv_ids(url)
    summary = "\n\n".join(p for p in prose if not p.startswith("Note:"))
    build_entry(
        result,
        line=line,
        title=strip_markup(entry.title),
        authors=split_authors(entry.authors),
        year=entry.year,
        arxiv_id=arxiv_ids[0] if arxiv_ids else None,
        doi=parse_doi(url),
        url=url,
        summary=clip(summary),
    )


def parse(text: str, *, source: str) -> ParseResult:
    result = ParseResult(source=source, format=FORMAT)
    current: tuple[_Entry, int] | None = None
    prose: list[str] = []
    stopped = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        match = _entry(" ".join(line.split()))
        if match:
            if current:
                _finish(result, *current, prose)
            current, prose, stopped = (match, number), [], False
        elif current and line and not stopped:
            if _END_RE.match(line):
                stopped = True
            else:
                prose.append(strip_markup(line))
    if current:
        _finish(result, *current, prose)
    if not result.entries and not result.problems:
        result.problem(t("no papers found: expected lines like 'Title (2017) by Authors, URL'"))
    return result
