"""Notes where each paper is a numbered heading, `### (n/19) *Title (year)*`, followed by an
authors line, a link and bullet notes (seed 001). Headings without `(n/N)` are section titles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.text import t
from bot.readinglist.ids import find_arxiv_ids, parse_arxiv_id
from bot.readinglist.parsers.base import ParseResult, build_entry
from bot.readinglist.parsers.text import split_authors, split_year, strip_markup

FORMAT = "markdown-numbered"

# No pattern here ends in `(.+?)\s*$` (quadratic on trailing spaces) or scans an unbounded
# class from every position: the text after a match is taken and stripped in Python instead.
_HEADING_RE = re.compile(r"^#{1,6}[ \t]+(.*)$")
_NUMBERED_RE = re.compile(r"^#{1,6}[ \t]+\([ \t]*\d+[ \t]*/[ \t]*\d+[ \t]*\)(.*)$")
_URL_RE = re.compile(r"https?://[^\s)\]>]+")
# Outside the numbered papers, notes recommend further reading as "*2020 Efficient Transformers*".
# The title starts with a non-space and may not contain `*`: nothing can be split two ways
# between the spaces and the title, and each attempt ends at the next star. Linear overall.
_RECOMMENDED_RE = re.compile(r"(?<![*\w])\*((?:19|20)\d{2})[ \t]+([^*\s][^*]*)\*(?![*\w])")


@dataclass
class _Draft:
    heading: str
    line: int
    body: list[str] = field(default_factory=list)


def looks_like(text: str) -> bool:
    return len(re.findall(r"(?m)^#{1,6}[ \t]+\([ \t]*\d+[ \t]*/[ \t]*\d+[ \t]*\)", text)) >= 2


def _is_authors_line(line: str) -> bool:
    stripped = line.strip()
    if not stripped or stripped[0] in "-*[!#>|" or _URL_RE.search(stripped):
        return False
    # Author lines are short lists of names, not prose sentences.
    return (len(stripped) <= 200 and not stripped.endswith((".", ":"))) or stripped.endswith("..")


def _finish(result: ParseResult, draft: _Draft) -> None:
    title, year = split_year(strip_markup(draft.heading))
    body = draft.body
    while body and not body[0].strip():
        body = body[1:]
    authors: list[str] = []
    if body and _is_authors_line(body[0]):
        authors = split_authors(body[0])
        body = body[1:]
    urls = [u for line in body if not line.strip().startswith("!") for u in _URL_RE.findall(line)]
    arxiv_ids = [i for i in (parse_arxiv_id(u) for u in urls) if i] or find_arxiv_ids(
        " ".join(urls)
    )
    other = [u for u in urls if "arxiv.org" not in u]
    notes = []
    for line in body:
        stripped = line.strip()
        if not stripped or stripped.startswith("!") or _URL_RE.fullmatch(stripped):
            continue
        if re.fullmatch(r"\[[^\]]*\]\(\S+\)", stripped) or re.fullmatch(
            r"\[\[[^\]]*\]\]", stripped
        ):
            continue
        indent = "  " * (len(line) - len(line.lstrip("\t ")))
        notes.append(indent + strip_markup(stripped) if stripped.startswith("-") else stripped)
    summary = "\n".join(strip_markup(n) if not n.lstrip().startswith("-") else n for n in notes)
    build_entry(
        result,
        line=draft.line,
        title=title,
        authors=authors,
        year=year,
        arxiv_id=arxiv_ids[0] if arxiv_ids else None,
        url=None if arxiv_ids else (other[0] if other else None),
        summary=summary,
    )


def parse(text: str, *, source: str) -> ParseResult:
    result = ParseResult(source=source, format=FORMAT)
    draft: _Draft | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        numbered = _NUMBERED_RE.match(line)
        if numbered and numbered.group(1).strip():
            if draft:
                _finish(result, draft)
            draft = _Draft(heading=numbered.group(1).strip(), line=number)
        elif _HEADING_RE.match(line):
            # A section heading ("### Scaling Laws…") closes the paper before it.
            if draft:
                _finish(result, draft)
            draft = None
        elif draft:
            draft.body.append(line)
        else:
            for year, title in _RECOMMENDED_RE.findall(line):
                if 3 <= len(title) <= 300:
                    build_entry(result, line=number, title=strip_markup(title), year=int(year))
    if draft:
        _finish(result, draft)
    if not result.entries and not result.problems:
        result.problem(t("no papers found: expected headings like '### (1/10) *Title (2017)*'"))
    return result
