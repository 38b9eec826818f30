"""A note about a single paper: a `# Title` heading, a link to the paper (often its PDF) and
prose, possibly in Korean (seed 003). The note's own summary section becomes the summary."""

from __future__ import annotations

import re

from bot.core.text import t
from bot.readinglist.ids import find_arxiv_ids, parse_doi
from bot.readinglist.paperlinks import find_refs
from bot.readinglist.parsers.base import ParseResult, build_entry, clip
from bot.readinglist.parsers.text import detect_language, paragraphs, split_year, strip_markup

FORMAT = "note"

# The text after the hashes is stripped in Python: `(.+?)\s*$` is quadratic on trailing spaces.
_H1_RE = re.compile(r"^#[ \t]+(\S.*)$")
_HEADING_RE = re.compile(r"^(#{2,6})[ \t]+(.*)$")
_URL_RE = re.compile(r"https?://[^\s)\]>]+")
# A list item that names a paper by a titled link or a bold title with a year. A link whose
# text starts with "h" is left out: a note links its own paper as `[https://…](https://…)`. Each
# piece is anchored and bounded by a character it cannot contain, so matching is linear.
_PAPER_ITEM_RE = re.compile(
    r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+"
    r"(?:\[[^\]\[(h][^\]\[]*\]\(|\*\*[^*]{3,300}\*\*[ \t]*\((?:19|20)\d\d)"
)
# Section names that hold the author's own overall summary, best first.
_SUMMARY_HEADINGS = ("전체 요약", "overall summary", "tl;dr", "tldr", "summary", "요약", "abstract")


def looks_like(text: str) -> bool:
    """A `# Title` page that links at most one paper. A page linking several is a list, even
    when it opens with a heading (an awesome list, a meeting log): see md_list."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or not _H1_RE.match(lines[0]) or not _URL_RE.search(text):
        return False
    papers: set[str] = set()
    items = 0  # list items shaped like papers: `- [Title](url)`, `- **Title** (2020)`
    for line in lines:
        if "/" in line or ":" in line:
            papers.update(f.ref.key for f in find_refs(line) if f.ref is not None)
        if _PAPER_ITEM_RE.match(line):
            items += 1
        if len(papers) > 1 or items > 1:
            return False
    return True


def _sections(lines: list[str]) -> list[tuple[str, list[str]]]:
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in lines:
        heading = _HEADING_RE.match(line)
        if heading:
            sections.append((heading.group(2).strip().lower(), []))
        else:
            sections[-1][1].append(line)
    return sections


def _prose(lines: list[str]) -> str:
    kept = [line for line in lines if not _URL_RE.fullmatch(strip_markup(line).strip("- "))]
    return "\n\n".join(strip_markup(p) for p in paragraphs(kept) if strip_markup(p))


def parse(text: str, *, source: str) -> ParseResult:
    result = ParseResult(source=source, format=FORMAT)
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    heading = _H1_RE.match(lines[start]) if start is not None else None
    if start is None or heading is None:
        result.problem(t("a paper note must start with a '# Title' heading"), line=1)
        return result
    title, year = split_year(strip_markup(heading.group(1).strip()))
    body = lines[start + 1 :]
    urls = [u for line in body for u in _URL_RE.findall(line)]
    arxiv_ids = find_arxiv_ids(" ".join(urls))
    doi = next((d for d in map(parse_doi, urls) if d), None)
    sections = _sections(body)
    summary_text = ""
    for wanted in _SUMMARY_HEADINGS:
        for name, section_lines in sections:
            if wanted in name and _prose(section_lines):
                summary_text = _prose(section_lines)
                break
        if summary_text:
            break
    if not summary_text:
        summary_text = next((_prose(s) for _, s in sections if _prose(s)), "")
    summary_text = clip(summary_text)
    language = detect_language(summary_text) if summary_text else "en"
    build_entry(
        result,
        line=start + 1,
        title=title,
        year=year,
        arxiv_id=arxiv_ids[0] if arxiv_ids else None,
        doi=doi,
        url=None if arxiv_ids or doi else (urls[0] if urls else None),
        summary=summary_text if language == "en" else "",
        summaries={language: summary_text} if language != "en" and summary_text else None,
    )
    return result
