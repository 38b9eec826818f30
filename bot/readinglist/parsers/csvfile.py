"""CSV or TSV with a header row, in the column names people use (title/paper/name, url/link/
arxiv/doi, notes, presenter, date, …; case and spacing ignored). A row needs a title or a link
that names a paper; links may leave out their scheme (`arxiv.org/abs/…`)."""

from __future__ import annotations

import csv
import io
import re

from bot.core.text import t
from bot.readinglist.ids import parse_arxiv_id, parse_doi
from bot.readinglist.paperlinks import paper_ref, with_scheme
from bot.readinglist.parsers.base import ParseResult, build_entry
from bot.readinglist.parsers.idlist import placeholder_title
from bot.readinglist.parsers.meetings import Meeting, find_date, is_cancelled

FORMAT = "csv"

_ALIASES = {
    "title": "title",
    "name": "title",
    "paper": "title",
    "papers": "title",
    "paper title": "title",
    "paper name": "title",
    "article": "title",
    "reading": "title",
    "links": "url",
    "paper link": "url",
    "paper url": "url",
    "pdf": "url",
    "arxiv link": "url",
    "arxiv url": "url",
    "notes": "summary",
    "note": "summary",
    "comments": "summary",
    "description": "summary",
    "tl;dr": "summary",
    "tldr": "summary",
    "abstract": "abstract",
    "presenter": "presenter",
    "presenters": "presenter",
    "moderator": "presenter",
    "speaker": "presenter",
    "presented by": "presenter",
    "date": "date",
    "when": "date",
    "published": "year",
    "venue": "venue",
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


def _column(name: str) -> str | None:
    return _ALIASES.get(" ".join(name.strip().strip('"').lower().replace("_", " ").split()))


def looks_like(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip()), "")
    mark = delimiter(text)
    columns = [_column(c) for c in first.split(mark)]
    return len(columns) >= 2 and ("title" in columns or "url" in columns or "arxiv" in columns)


def _split_list(value: str) -> list[str]:
    # Collapsed first: `\s+and\s+` over a long run of spaces backtracks quadratically.
    return [v.strip() for v in re.split(r";| and ", " ".join(value.split())) if v.strip()]


def _looks_like_address(link: str) -> bool:
    """`https://…`, or a host and path without the scheme (`arxiv.org/abs/…`, `www.…`)."""
    return bool(re.match(r"^(?:https?://)?[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?$", link.strip()))


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
        result.problem(t("unreadable CSV header: {why}", why=str(exc)), line=1)
        return result
    if not header:
        result.problem(t("the CSV file is empty; expected a header row with a 'title' column"))
        return result
    columns = [_column(name) for name in header]
    if not {"title", "url", "arxiv", "doi"} & set(columns):
        found = ", ".join(repr(h.strip()) for h in header if h.strip()) or "none"
        result.problem(
            t("missing column 'title' in the CSV header (found: {found})", found=found), line=1
        )
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
                result.problem(
                    t("year: {text} is not a year", text=repr(year_text[:40])), line=number
                )
                continue
            arxiv_text = cells.get("arxiv", "")
            arxiv_id = parse_arxiv_id(arxiv_text) if arxiv_text else None
            if arxiv_text and not arxiv_id:
                result.attempt()
                result.problem(
                    t("arxiv: {text} is not an arXiv id", text=repr(arxiv_text[:80])), line=number
                )
                continue
            link = cells.get("url") or ""
            ref = paper_ref(link) if link else None
            url = with_scheme(link) if link and _looks_like_address(link) else None
            if link and url is None:
                result.attempt()
                result.problem(t("url: {text} is not a link", text=repr(link[:80])), line=number)
                continue
            arxiv_id = arxiv_id or (ref.arxiv_id if ref else None)
            doi = parse_doi(cells.get("doi", "")) or (ref.doi if ref else None)
            title = cells.get("title", "")
            needs_lookup = False
            if not title and (arxiv_id or doi):
                title, needs_lookup = placeholder_title(arxiv_id, doi), True
            entry = build_entry(
                result,
                line=number,
                title=title,
                authors=_split_list(cells.get("authors", "")),
                year=year,
                arxiv_id=arxiv_id,
                doi=doi,
                # An arXiv paper's link is its abstract page, whichever page the list named.
                url=None if arxiv_id else (ref.url if ref else url),
                tags=[t.strip() for t in re.split(r"[;,]", cells.get("tags", "")) if t.strip()],
                institute=cells.get("institute") or None,
                tagline=cells.get("tagline") or None,
                summary=cells.get("summary", ""),
                abstract=cells.get("abstract") or None,
                needs_lookup=needs_lookup,
            )
            when = find_date(cells.get("date", "")) if cells.get("date") else None
            if entry is not None and when is not None:
                result.meetings.append(
                    Meeting(
                        number,
                        when,
                        (entry.id,),
                        cells.get("presenter") or None,
                        is_cancelled(cells.get("summary", "")),
                    )
                )
    except csv.Error as exc:
        result.problem(t("unreadable CSV: {why}", why=str(exc)), line=rows.line_num)
    return result
