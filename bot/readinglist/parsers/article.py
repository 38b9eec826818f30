"""Blog-article lists: a line `Title (year) by Authors, https://arxiv.org/abs/…` per paper,
followed by prose about it (seed 004). The prose up to the next paper becomes the summary."""

from __future__ import annotations

import re

from bot.readinglist.ids import find_arxiv_ids, parse_doi
from bot.readinglist.parsers.base import ParseResult, build_entry, clip
from bot.readinglist.parsers.text import split_authors, strip_markup

FORMAT = "article"

_ENTRY_RE = re.compile(
    r"^(?P<title>.{3,300}?)\s*\((?P<year>(?:19|20)\d{2})\)\s+by\s+(?P<authors>.+?),?\s*"
    r"(?P<url>https?://\S+)\s*$"
)
# Paragraphs that talk about the article rather than the paper before them.
_END_RE = re.compile(r"^(conclusion|comments|references|further reading)\b", re.IGNORECASE)


def looks_like(text: str) -> bool:
    return sum(1 for line in text.splitlines() if _ENTRY_RE.match(line.strip())) >= 2


def _finish(result: ParseResult, match: re.Match[str], line: int, prose: list[str]) -> None:
    url = match.group("url").rstrip(".,;)")
    arxiv_ids = find_arxiv_ids(url)
    summary = "\n\n".join(p for p in prose if not p.startswith("Note:"))
    build_entry(
        result,
        line=line,
        title=strip_markup(match.group("title")),
        authors=split_authors(match.group("authors")),
        year=int(match.group("year")),
        arxiv_id=arxiv_ids[0] if arxiv_ids else None,
        doi=parse_doi(url),
        url=url,
        summary=clip(summary),
    )


def parse(text: str, *, source: str) -> ParseResult:
    result = ParseResult(source=source, format=FORMAT)
    current: tuple[re.Match[str], int] | None = None
    prose: list[str] = []
    stopped = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        match = _ENTRY_RE.match(line)
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
        result.problem("no papers found: expected lines like 'Title (2017) by Authors, URL'")
    return result
