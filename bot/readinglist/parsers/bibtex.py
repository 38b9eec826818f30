"""BibTeX as Zotero and Google Scholar export it, via bibtexparser 2.x."""

from __future__ import annotations

import re
from typing import Any

from bot.core.text import t
from bot.readinglist.ids import find_arxiv_ids, parse_arxiv_id, parse_doi
from bot.readinglist.parsers.base import (
    ParseResult,
    TooManyEntries,
    build_entry,
    current_entry_limit,
)
from bot.readinglist.parsers.text import strip_markup
from bot.readinglist.schema import PaperEntry

FORMAT = "bibtex"


def looks_like(text: str) -> bool:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return bool(re.match(r"^@\w+\s*[{(]", first))


def _field(entry: Any, name: str) -> str:
    field = entry.fields_dict.get(name)
    return " ".join(str(field.value).split()) if field is not None else ""


def _authors(entry: Any) -> list[str]:
    """The author list as bibtexparser's name middlewares read it: `and` inside braces is part
    of a name (`{Barnes and Noble}` is one author), `Last, First` and `von Last, Jr, First`
    become `First von Last Jr`, and `others` is dropped."""
    field = entry.fields_dict.get("author")
    if field is None:
        return []
    value = field.value
    names = value if isinstance(value, list) else [value]
    return [
        n
        for n in (_clean(" ".join(str(name).split())) for name in names)
        if n and n.lower() != "others"
    ]


def _clean(value: str) -> str:
    # Braces protect capitalisation in BibTeX; the decoder leaves stray ones in nested groups,
    # and values it skipped still have theirs (and `~`, LaTeX's unbreakable space).
    return strip_markup(value.replace("{", "").replace("}", "").replace("~", " "))


# LaTeX decoding costs 3–12 µs a character. Fields are cut before it (an author list at the last
# " and " that fits), only the fields we read are kept, each distinct value is decoded once (an
# @string macro named by every entry costs one decoding), and values with no backslash or `$`
# skip the decoder: their braces are removed by _clean. Decoding is then bounded by the input.
_FIELD_LIMITS = {"abstract": 10_000, "author": 10_000, "keywords": 4_000, "title": 1_000}
_OTHER_FIELD_LIMIT = 2_000
_USED_FIELDS = frozenset(
    {
        "title",
        "author",
        "year",
        "date",
        "eprint",
        "archiveprefix",
        "eprinttype",
        "url",
        "journal",
        "note",
        "doi",
        "keywords",
        "abstract",
        "volume",
    }
)
_ENTRY_START = re.compile(r"(?m)^[ \t]*@(?!string\b|comment\b|preamble\b)", re.IGNORECASE)


def _cut(name: str, value: str) -> str:
    limit = _FIELD_LIMITS.get(name, _OTHER_FIELD_LIMIT)
    if len(value) <= limit:
        return value
    head = value[:limit]
    if name == "author" and " and " in head:
        return head[: head.rindex(" and ")]
    return head


def _decoder() -> Any:
    from bibtexparser.middlewares import LatexDecodingMiddleware

    class OncePerValue(LatexDecodingMiddleware):
        def __init__(self) -> None:
            super().__init__()
            self._done: dict[str, tuple[str, str]] = {}

        def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
            if "\\" not in python_string and "$" not in python_string:
                return python_string, ""
            if python_string not in self._done:
                self._done[python_string] = super()._transform_python_value_string(python_string)
            return self._done[python_string]

    return OncePerValue()


def _library(text: str) -> Any:
    # Imported here so that merely importing the parsers package does not load pylatexenc.
    from bibtexparser.entrypoint import parse_string
    from bibtexparser.model import Block

    library = parse_string(text)
    # @string macros are already substituted into the fields that name them; decoding them as
    # well would only spend time on text nobody reads.
    macros: list[Block] = list(library.strings)
    if macros:
        library.remove(macros)
    for entry in library.entries:
        kept = []
        for field in entry.fields:
            name = field.key.lower()
            if name not in _USED_FIELDS:
                continue
            if isinstance(field.value, str):
                field.value = _cut(name, field.value)
            kept.append(field)
        entry.fields = kept
    from bibtexparser.middlewares import MergeNameParts, SeparateCoAuthors, SplitNameParts

    # Names are split before LaTeX is decoded: the decoder drops the braces that keep
    # "{Barnes and Noble}" one name.
    for middleware in (SeparateCoAuthors(), SplitNameParts(), MergeNameParts(style="first")):
        library = middleware.transform(library)
    decoder = _decoder()
    library = decoder.transform(library)
    # The decoder leaves list values alone: the names are decoded one by one.
    for entry in library.entries:
        field = entry.fields_dict.get("author")
        if field is not None and isinstance(field.value, list):
            field.value = [decoder._transform_python_value_string(str(n))[0] for n in field.value]
    return library


def _check_year(result: ParseResult, entry: PaperEntry, line: int) -> None:
    """A year that disagrees with the month a new-style arXiv id encodes is flagged (Zotero
    stores the year of the version it saved; Scholar the year of the venue)."""
    match = re.match(r"^(\d{2})(\d{2})\.", entry.arxiv_id or "")
    if match is None or entry.year is None:
        return
    submitted = 2000 + int(match.group(1))
    if entry.year != submitted:
        result.warn(
            t(
                "year {year} disagrees with arXiv:{id}, first submitted in {submitted}; "
                "kept {year}",
                year=str(entry.year),
                id=entry.arxiv_id,
                submitted=str(submitted),
            ),
            line=line,
            entry=entry.title,
        )


def parse(text: str, *, source: str) -> ParseResult:
    result = ParseResult(source=source, format=FORMAT)
    # Counted before bibtexparser builds every entry: 60,000 entries took it 20 s and 2 GB.
    if len(_ENTRY_START.findall(text)) > current_entry_limit():
        raise TooManyEntries(current_entry_limit())
    try:
        library = _library(text)
    except Exception as exc:  # the parser's own errors are not a stable API
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        result.problem(t("could not read BibTeX: {why}", why=reason))
        return result
    for block in library.failed_blocks:
        first = str(getattr(block, "raw", "")).strip().splitlines()[:1]
        label = repr(first[0][:60]) if first else t("a block")
        result.problem(
            t("broken BibTeX entry starting {label} (unbalanced braces or quotes?)", label=label),
            line=(getattr(block, "start_line", 0) or 0) + 1,
        )
    for entry in library.entries:
        line = (entry.start_line or 0) + 1
        title = _clean(_field(entry, "title"))
        if not title:
            result.problem(t("entry {key} has no title", key=repr(entry.key)), line=line)
            continue
        eprint = _field(entry, "eprint")
        prefix = _field(entry, "archiveprefix") or _field(entry, "eprinttype")
        url = _field(entry, "url")
        arxiv_id = parse_arxiv_id(eprint) if (not prefix or prefix.lower() == "arxiv") else None
        arxiv_id = arxiv_id or parse_arxiv_id(url)
        if not arxiv_id:
            found = find_arxiv_ids(_field(entry, "journal") + " " + _field(entry, "note"))
            arxiv_id = found[0] if found else None
        volume = _field(entry, "volume")
        if not arxiv_id and volume.lower().startswith("abs/"):
            # DBLP (journal CoRR) and Semantic Scholar (journal ArXiv) put the id in the volume.
            arxiv_id = parse_arxiv_id(volume[4:])
        year_match = re.search(r"(?:19|20)\d{2}", _field(entry, "year") or _field(entry, "date"))
        keywords = re.split(r"[,;]", _field(entry, "keywords")) if _field(entry, "keywords") else []
        built = build_entry(
            result,
            line=line,
            title=title,
            authors=_authors(entry),
            year=int(year_match.group(0)) if year_match else None,
            arxiv_id=arxiv_id,
            doi=parse_doi(_field(entry, "doi")),
            url=url if url.startswith(("http://", "https://")) else None,
            tags=[k.strip() for k in keywords],
            abstract=_clean(_field(entry, "abstract")) or None,
        )
        if built is not None:
            _check_year(result, built, line)
    if not library.entries and not result.problems:
        result.problem(t("no BibTeX entries found"))
    return result
