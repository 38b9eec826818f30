"""A plain list of arXiv ids or URLs, one per line. Titles are unknown until metadata lookup, so
each entry gets a placeholder title ("arXiv:1706.03762") and is marked as needing lookup."""

from __future__ import annotations

from bot.core.text import t
from bot.readinglist.ids import arxiv_url, parse_arxiv_id, parse_doi
from bot.readinglist.parsers.base import ParseResult, build_entry

FORMAT = "ids"


def _candidate(line: str) -> str:
    return line.split("#", 1)[0].strip() if not line.lstrip().startswith("http") else line.strip()


def looks_like(text: str) -> bool:
    lines = [_candidate(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    hits = sum(1 for line in lines if parse_arxiv_id(line) or parse_doi(line))
    return bool(lines) and hits * 5 >= len(lines) * 4


def placeholder_title(arxiv_id: str | None = None, doi: str | None = None) -> str:
    return f"arXiv:{arxiv_id}" if arxiv_id else f"doi:{doi}"


def is_placeholder_title(title: str) -> bool:
    return title.startswith(("arXiv:", "doi:")) and " " not in title


def parse(text: str, *, source: str) -> ParseResult:
    result = ParseResult(source=source, format=FORMAT)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _candidate(raw)
        if not line:
            continue
        arxiv_id = parse_arxiv_id(line)
        doi = None if arxiv_id else parse_doi(line)
        if not arxiv_id and not doi:
            result.attempt()
            result.problem(
                t("{text} is not an arXiv id, arXiv URL or DOI", text=repr(line[:80])), line=number
            )
            continue
        build_entry(
            result,
            line=number,
            title=placeholder_title(arxiv_id, doi),
            arxiv_id=arxiv_id,
            doi=doi,
            url=arxiv_url(arxiv_id) if arxiv_id else None,
            needs_lookup=True,
        )
    if not result.entries and not result.problems:
        result.problem(t("no arXiv ids found"))
    return result
