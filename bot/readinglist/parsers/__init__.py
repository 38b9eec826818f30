"""Importers for reading lists in the formats people actually share them in.

Every parser is `parse(text, *, source) -> ParseResult`; `detect_format` picks one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import PurePath

from bot.core.text import t
from bot.readinglist.paperlinks import arxiv_ids_in
from bot.readinglist.parsers import (
    article,
    bibtex,
    csvfile,
    idlist,
    md_boldlinks,
    md_headings,
    md_list,
    md_numbered,
    note,
    oneliners,
    structured,
)
from bot.readinglist.parsers.base import (
    MAX_ENTRIES,
    ParseResult,
    Problem,
    TooManyEntries,
    entry_limit,
)
from bot.readinglist.parsers.reader import DEFAULT_MAX_BYTES, ReadError, read_text

__all__ = [
    "FORMATS",
    "ParseResult",
    "Problem",
    "ReadError",
    "TooManyEntries",
    "UnknownFormat",
    "detect_format",
    "parse_file",
    "parse_text",
    "read_text",
]

Parser = Callable[..., ParseResult]

FORMATS: dict[str, Parser] = {
    bibtex.FORMAT: bibtex.parse,
    csvfile.FORMAT: csvfile.parse,
    structured.FORMAT_YAML: structured.parse_yaml,
    structured.FORMAT_JSON: structured.parse_json,
    md_numbered.FORMAT: md_numbered.parse,
    md_headings.FORMAT: md_headings.parse,
    md_boldlinks.FORMAT: md_boldlinks.parse,
    article.FORMAT: article.parse,
    idlist.FORMAT: idlist.parse,
    md_list.FORMAT: md_list.parse,
    note.FORMAT: note.parse,
    oneliners.FORMAT: oneliners.parse,
}

_EXTENSIONS = {
    ".bib": bibtex.FORMAT,
    ".bibtex": bibtex.FORMAT,
    ".csv": csvfile.FORMAT,
    ".tsv": csvfile.FORMAT,
    ".yaml": structured.FORMAT_YAML,
    ".yml": structured.FORMAT_YAML,
    ".json": structured.FORMAT_JSON,
}

# Most specific layouts first: a one-liner list would also match looser rules further down.
_SNIFFERS: list[tuple[str, Callable[[str], bool]]] = [
    (bibtex.FORMAT, bibtex.looks_like),
    (structured.FORMAT_JSON, structured.looks_like_json),
    (structured.FORMAT_YAML, structured.looks_like_yaml),
    (md_numbered.FORMAT, md_numbered.looks_like),
    (md_headings.FORMAT, md_headings.looks_like),
    (md_boldlinks.FORMAT, md_boldlinks.looks_like),
    (article.FORMAT, article.looks_like),
    (idlist.FORMAT, idlist.looks_like),
    (csvfile.FORMAT, csvfile.looks_like),
    # A page about one paper before a page that lists several: note.looks_like counts the papers.
    (note.FORMAT, note.looks_like),
    (md_list.FORMAT, md_list.looks_like),
    (oneliners.FORMAT, oneliners.looks_like),
]


class UnknownFormat(ValueError):
    pass


def detect_format(filename: str, text: str) -> str:
    """The format name for a file: by extension when it is unambiguous, else by its content."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    for name, sniff in _SNIFFERS:
        if sniff(text):
            return name
    if filename:
        raise UnknownFormat(
            t(
                "cannot tell what kind of reading list {file} is; supported: BibTeX (.bib), CSV "
                "with a title column, YAML/JSON in our schema, markdown lists, one arXiv id per "
                "line",
                file=filename,
            )
        )
    raise UnknownFormat(
        t(
            "cannot tell what kind of reading list this is; supported: BibTeX (.bib), CSV with "
            "a title column, YAML/JSON in our schema, markdown lists, one arXiv id per line"
        )
    )


def parse_text(
    text: str, *, source: str, fmt: str | None = None, max_entries: int = MAX_ENTRIES
) -> ParseResult:
    """Parse `text` with the named format, or the detected one. Never raises on bad content;
    raises TooManyEntries for a list longer than `max_entries` (nothing of it is kept)."""
    name = fmt or detect_format(source, text)
    if name not in FORMATS:
        raise UnknownFormat(f"unknown format {name!r}; known: {', '.join(sorted(FORMATS))}")
    with entry_limit(max_entries):
        result = FORMATS[name](text, source=source)
    _name_missed_ids(text, result)
    result.close_problems()
    return result


def _name_missed_ids(text: str, result: ParseResult) -> None:
    """Every arXiv id the text names is a paper of the result or a line the report lists: an
    import is never silently short, whichever parser read it."""
    if name_is_structured(result.format):
        return
    taken = {entry.arxiv_id for entry in result.entries if entry.arxiv_id}
    listed = {p.line for p in (*result.problems, *result.skipped) if p.line}
    for arxiv_id, line in arxiv_ids_in(text).items():
        if arxiv_id not in taken and line not in listed:
            result.skip(
                t(
                    "arXiv:{id} is mentioned here but is not one of the papers imported "
                    "(a link in another paper's notes?)",
                    id=arxiv_id,
                ),
                line=line,
            )


def name_is_structured(fmt: str) -> bool:
    # YAML/JSON/BibTeX/CSV name their fields; an id inside an abstract is not a missed paper.
    return fmt in (structured.FORMAT_YAML, structured.FORMAT_JSON, bibtex.FORMAT, csvfile.FORMAT)


def parse_file(
    path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_entries: int = MAX_ENTRIES,
) -> ParseResult:
    """Read (size- and encoding-checked) and parse one file. Raises ReadError / UnknownFormat /
    TooManyEntries."""
    text = read_text(path, max_bytes=max_bytes)
    return parse_text(text, source=str(path), fmt=fmt, max_entries=max_entries)
