"""CSV with a header row. Column names are case-insensitive; only `title` is required."""

from __future__ import annotations

import csv
import io
import re

from bot.readinglist.ids import parse_arxiv_id, parse_doi
from bot.readinglist.parsers.base import ParseResult, build_entry

FORMAT = "csv"

_ALIASES = {
    "title": "title",
    "name": "title",
    "authors": "authors",
    "author": "authors",
    "year": "year",
    "arxiv": "arxiv",
    "arxiv_id": "arxiv",
    "arxiv id": "arxiv",
    "url": "url",
    "link": "url",
    "doi": "doi",
    "tags": "tags",
    "keywords": "tags",
    "summary": "summary",
    "tagline": "tagline",
    "institute": "institute",
}


def looks_like(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip()), "")
    columns = {c.strip().strip('"').lower() for c in first.split(",")}
    return "title" in columns and len(columns) >= 2


def _split_list(value: str) -> list[str]:
    # Collapsed first: `\s+and\s+` over a long run of spaces backtracks quadratically.
    return [v.strip() for v in re.split(r";| and ", " ".join(value.split())) if v.strip()]


def delimiter(text: str) -> str:
    """The delimiter of the header line: the most frequent of comma, semicolon and tab.

    csv.Sniffer is quadratic on some inputs (4 KB of quotes and newlines took half a second),
    and a header line is all a reading list needs to tell its delimiter."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {mark: header.count(mark) for mark in (",", "\t", ";")}
    best = max(counts, key=lambda mark: counts[mark])
    return best if counts[best] else ","


def parse(text: str, *, source: str) -> ParseResult:
    result = ParseResult(source=source, format=FORMAT)
    rows = csv.reader(io.StringIO(text), delimiter=delimiter(text))
    try:
        header = next(rows, None)
    except csv.Error as exc:
        result.problem(f"unreadable CSV header: {exc}", line=1)
        return result
    if not header:
        result.problem("the CSV file is empty; expected a header row with a 'title' column")
        return result
    columns = [_ALIASES.get(name.strip().lower()) for name in header]
    if "title" not in columns:
        found = ", ".join(repr(h.strip()) for h in header if h.strip()) or "none"
        result.problem(f"missing column 'title' in the CSV header (found: {found})", line=1)
        return result
    try:
        for row in rows:
            number = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            cells = {col: cell.strip() for col, cell in zip(columns, row, strict=False) if col}
            year_text = cells.get("year", "")
            year = int(year_text) if re.fullmatch(r"\d{4}", year_text) else None
            if year_text and year is None:
                result.attempt()
                result.problem(f"year: {year_text[:40]!r} is not a year", line=number)
                continue
            arxiv_text = cells.get("arxiv", "")
            arxiv_id = parse_arxiv_id(arxiv_text) if arxiv_text else None
            if arxiv_text and not arxiv_id:
                result.attempt()
                result.problem(f"arxiv: {arxiv_text[:80]!r} is not an arXiv id", line=number)
                continue
            url = cells.get("url") or None
            build_entry(
                result,
                line=number,
                title=cells.get("title", ""),
                authors=_split_list(cells.get("authors", "")),
                year=year,
                arxiv_id=arxiv_id or (parse_arxiv_id(url) if url else None),
                doi=parse_doi(cells.get("doi", "")),
                url=url,
                tags=[t.strip() for t in re.split(r"[;,]", cells.get("tags", "")) if t.strip()],
                institute=cells.get("institute") or None,
                tagline=cells.get("tagline") or None,
                summary=cells.get("summary", ""),
            )
    except csv.Error as exc:
        result.problem(f"unreadable CSV: {exc}", line=rows.line_num)
    return result
