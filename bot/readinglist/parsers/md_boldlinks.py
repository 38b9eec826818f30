"""Numbered lists of bold links: `1. **[Title](https://arxiv.org/abs/…):** summary`."""

from __future__ import annotations

import re

from bot.core.text import t
from bot.readinglist.ids import find_arxiv_ids, parse_doi
from bot.readinglist.parsers.base import ParseResult, build_entry
from bot.readinglist.parsers.text import split_year, strip_markup

FORMAT = "markdown-bold-links"

# `\s*:?\s*\*\*` tried every split of a run of spaces between two quantifiers (quadratic); with
# the colon and its spaces grouped, a run of spaces is scanned once.
_ITEM_RE = re.compile(
    r"^[ \t]*(?:\d+[.)]|[-*])[ \t]+\*\*\[(?P<title>[^\]]+)\]\((?P<url>[^)\s]+)\)"
    r"[ \t]*(?::[ \t]*)?\*\*(?P<rest>.*)$"
)
_CONTINUATION_RE = re.compile(r"^\s+\S")


def looks_like(text: str) -> bool:
    return sum(1 for line in text.splitlines() if _ITEM_RE.match(line)) >= 2


def parse(text: str, *, source: str) -> ParseResult:
    result = ParseResult(source=source, format=FORMAT)
    items: list[tuple[int, re.Match[str], list[str]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _ITEM_RE.match(line)
        if match:
            items.append((number, match, [match.group("rest").strip().removeprefix(":").strip()]))
        elif items and _CONTINUATION_RE.match(line):
            items[-1][2].append(line.strip())
        elif re.match(r"^\s*\d+[.)]\s+\S", line):
            result.problem(
                t("numbered line is not a bold link like '1. **[Title](URL):** summary'"),
                line=number,
            )
    for number, match, rest in items:
        url = match.group("url")
        arxiv_ids = find_arxiv_ids(url)
        title, year = split_year(strip_markup(match.group("title")))
        build_entry(
            result,
            line=number,
            title=title,
            year=year,
            arxiv_id=arxiv_ids[0] if arxiv_ids else None,
            doi=parse_doi(url),
            url=url if url.startswith(("http://", "https://")) else None,
            summary=strip_markup(" ".join(rest)),
        )
    if not result.entries and not result.problems:
        result.problem(t("no papers found: expected lines like '1. **[Title](URL):** summary'"))
    return result
