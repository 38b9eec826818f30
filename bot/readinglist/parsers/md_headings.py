"""Markdown lists where each paper is a heading followed by `- Date:` / `- Keyword:` /
`- Institute:` bullets and `>` quoted summary paragraphs (seed 000)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.text import t
from bot.readinglist.ids import find_arxiv_ids, parse_doi
from bot.readinglist.parsers.base import ParseResult, build_entry
from bot.readinglist.parsers.text import detect_language, split_authors, split_year, strip_markup

FORMAT = "markdown-headings"

# The heading's text is cut out with string methods: `(.+?)\s*#*\s*$` was cubic on a heading
# followed by spaces (3,000 spaces took 21.6 s). Every other pattern here is anchored and has no
# two adjacent quantifiers over the same characters, so it cannot backtrack more than linearly.
_HEADING_RE = re.compile(r"^(#{2,4})[ \t]+(\S.*)$")
# "Institude" is how seed 000 spells it; other fields are accepted so real lists parse cleanly.
_FIELD_RE = re.compile(
    r"^[ \t]*[-*][ \t]*(date|year|keywords?|tags?|institu[td]e|authors?|arxiv|url|link|doi)"
    r"[ \t]*:(.*)$",
    re.IGNORECASE,
)
_URL_RE = re.compile(r"https?://[^\s)\]>]+")


@dataclass
class _Draft:
    title: str
    line: int
    fields: dict[str, list[str]] = field(default_factory=dict)
    quotes: list[list[str]] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


def looks_like(text: str) -> bool:
    # [ \t], not \s: \s crosses newlines, so every blank line would rescan all those after it.
    return len(re.findall(r"(?im)^[ \t]*-[ \t]*(date|keyword|institu[td]e)[ \t]*:", text)) >= 2


def heading_text(raw: str) -> str:
    """The text of an ATX heading line without its optional closing `###` (CommonMark: the
    closing run must follow a space, so `### C#` keeps its `#`)."""
    text = raw.strip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.rstrip()
    return text


def _year(values: list[str]) -> int | None:
    for value in values:
        match = re.search(r"(?:19|20)\d{2}", value)
        if match:
            return int(match.group(0))
    return None


def _finish(result: ParseResult, draft: _Draft) -> None:
    title, title_year = split_year(strip_markup(draft.title))
    quoted = [" ".join(" ".join(p).split()) for p in draft.quotes if " ".join(p).strip()]
    text = "\n\n".join(strip_markup(p) for p in quoted)
    summary, summaries = "", {}
    if text:
        language = detect_language(text)
        if language == "en":
            summary = text
        else:
            summaries[language] = text
    links = draft.urls + draft.fields.get("arxiv", []) + draft.fields.get("url", [])
    links += draft.fields.get("link", [])
    arxiv_ids = find_arxiv_ids(" ".join(links))
    doi = next((d for d in map(parse_doi, draft.fields.get("doi", [])) if d), None)
    tags = [t.strip() for v in draft.fields.get("keyword", []) for t in v.split(",")]
    authors = [a for v in draft.fields.get("author", []) for a in split_authors(v)]
    institutes = draft.fields.get("institute", [])
    other_urls = [u for u in draft.urls if "arxiv.org" not in u and "github.com/user-" not in u]
    build_entry(
        result,
        line=draft.line,
        title=title,
        authors=authors,
        year=_year(draft.fields.get("date", [])) or title_year,
        arxiv_id=arxiv_ids[0] if arxiv_ids else None,
        doi=doi,
        url=None if arxiv_ids else (other_urls[0] if other_urls else None),
        tags=tags,
        institute=", ".join(institutes) or None,
        summary=summary,
        summaries=summaries,
    )


def _field_name(raw: str) -> str:
    raw = raw.lower()
    if raw.startswith("institu"):
        return "institute"
    if raw in {"year", "date"}:
        return "date"
    if raw.startswith(("keyword", "tag")):
        return "keyword"
    if raw.startswith("author"):
        return "author"
    return raw


def parse(text: str, *, source: str) -> ParseResult:
    result = ParseResult(source=source, format=FORMAT)
    draft: _Draft | None = None
    in_quote = False
    for number, line in enumerate(text.splitlines(), start=1):
        heading = _HEADING_RE.match(line)
        if heading:
            if draft:
                _finish(result, draft)
            draft = _Draft(title=heading_text(heading.group(2)), line=number)
            in_quote = False
            continue
        if draft is None:
            continue
        field_match = _FIELD_RE.match(line)
        stripped = line.strip()
        if field_match:
            name = _field_name(field_match.group(1))
            draft.fields.setdefault(name, []).append(field_match.group(2).strip())
            draft.urls += _URL_RE.findall(field_match.group(2))
            in_quote = False
        elif stripped.startswith(">"):
            body = stripped.lstrip(">").strip()
            if not in_quote:
                draft.quotes.append([])
                in_quote = True
            if body:
                draft.quotes[-1].append(body)
            else:
                in_quote = False
        else:
            in_quote = False
            if not stripped.startswith("!["):
                draft.urls += _URL_RE.findall(stripped)
    if draft:
        _finish(result, draft)
    if not result.entries and not result.problems:
        result.problem(
            t("no papers found: expected '### Title' headings followed by '- Date:' bullets")
        )
    return result
