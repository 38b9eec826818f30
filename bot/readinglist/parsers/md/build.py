"""From a paper found on a line to a validated entry of the import."""

from __future__ import annotations

from bot.core.text import t
from bot.readinglist.ids import arxiv_url
from bot.readinglist.parsers.base import ParseResult, build_entry, clip
from bot.readinglist.parsers.idlist import placeholder_title
from bot.readinglist.parsers.md.found import Found
from bot.readinglist.parsers.md.words import authors_year, is_title_like

MAX_PLACEHOLDER = 200


def build(result: ParseResult, paper: Found) -> str | None:
    """The entry for a paper the reader found (its id), or None when it has nothing to name it
    by (a problem is reported)."""
    id_ref = paper.id_ref()
    rest = " ".join(paper.rest)
    authors, year = paper.authors, paper.year
    if not authors and rest:
        authors, found_year = authors_year(rest)
        year = year or found_year
    title = paper.title
    needs_lookup = False
    tagline = None
    if paper.strength <= 1 and title and not is_title_like(title):
        tagline, title = title, ""
    if not title:
        if id_ref is None:
            page = paper.refs[0].url if paper.refs else paper.page
            if page is None:
                result.attempt()
                result.problem(t("no title"), line=paper.line)
                return None
            title = page.split("://", 1)[-1][:MAX_PLACEHOLDER]
        else:
            title = placeholder_title(id_ref.arxiv_id, id_ref.doi)
            needs_lookup = True
    url = None
    if id_ref is not None and id_ref.arxiv_id:
        url = arxiv_url(id_ref.arxiv_id)
    elif paper.refs:
        url = paper.refs[0].url
    elif paper.page:
        url = paper.page
    entry = build_entry(
        result,
        line=paper.line,
        title=title,
        authors=authors,
        year=year,
        arxiv_id=id_ref.arxiv_id if id_ref else None,
        doi=id_ref.doi if id_ref else None,
        url=url if url and url.startswith(("http://", "https://")) else None,
        tagline=tagline,
        summary=clip("\n".join(paper.notes)) if paper.notes else "",
        needs_lookup=needs_lookup,
    )
    if entry is not None and not paper.refs and not paper.page:
        result.title_only.add(entry.id)
    return entry.id if entry is not None else None
