"""The words of Markdown reading lists: field labels, generic link texts, titles, authors and
years, and what a table's column names mean."""

from __future__ import annotations

import re

from bot.readinglist.parsers.text import split_authors

# Link texts that name a kind of page, not the paper: `[pdf]`, `[arXiv]`, `[code]`, `[1]`.
GENERIC = re.compile(
    r"^(?:\[?\s*(?:pdf|arxiv|paper|link|here|abs|abstract|html|doi|openreview|url|web|page|"
    r"project|project page|code|github|video|slides|talk|blog|post|website|demo|poster|"
    r"review|reviews|acl|pmlr|neurips|semantic scholar|s2|huggingface|hf|\d{1,3})\s*\]?)$",
    re.IGNORECASE,
)
# Field labels of meeting logs and annotated lists: `**Paper:**`, `Moderator:`, `Notes -`.
LABEL_RE = re.compile(r"^[ \t]*([A-Za-z][A-Za-z /.'-]{0,30}?)[ \t]*[:：][ \t]*")
TITLE_LABELS = frozenset(
    {"paper", "papers", "title", "reading", "readings", "read", "main paper", "topic", "article"}
)
PEOPLE_LABELS = frozenset(
    {
        "moderator",
        "moderators",
        "presenter",
        "presenters",
        "presented by",
        "speaker",
        "speakers",
        "lead",
        "discussion lead",
        "led by",
        "host",
        "hosted by",
        "facilitator",
        "who",
    }
)
NOTE_LABELS = frozenset(
    {"notes", "note", "summary", "tl;dr", "tldr", "takeaway", "takeaways", "comments", "why"}
)
SKIP_LABELS = frozenset(
    {
        "date",
        "when",
        "time",
        "where",
        "location",
        "slides",
        "recording",
        "video",
        "code",
        "link",
        "links",
        "zoom",
        "meet",
        "room",
        "status",
        "supplementary",
        "related",
        "see also",
    }
)
YEAR_PAREN_RE = re.compile(r"\(([^()]{0,80}?)\b((?:19|20)\d{2})[a-z]?\)")
YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_SEPARATORS = (" — ", " – ", " - ", " | ", " -- ", " by ")
_PROSE_START = re.compile(
    r"^(?:we|i|our|this|this week|today|next|last|read|reading|discussed|discussing|see|check|"
    r"continued|continuing|finished|started)\b",
    re.IGNORECASE,
)


def clean_title(text: str) -> str:
    text = " ".join(text.split())
    label = LABEL_RE.match(text)
    if label and label.group(1).strip().lower() in TITLE_LABELS:
        text = text[label.end() :]
    text = text.strip(" \t-–—:;,|•·>*_\"'“”‘’")
    text = re.sub(r"^\d{1,3}[.)]\s+", "", text)
    text = text.strip(" \t-–—:;,|•·>*_\"'“”‘’")
    return text.removesuffix(".").strip() if not text.endswith("et al.") else text


def split_title(text: str) -> tuple[str, str]:
    """Free text before a link as (title, what follows it: authors, year, venue)."""
    text = " ".join(text.split())
    for separator in _SEPARATORS:
        head, found, tail = text.partition(separator)
        if found and len(clean_title(head)) >= 3:
            return head, tail
    paren = YEAR_PAREN_RE.search(text)
    if paren and paren.start() >= 3:
        return text[: paren.start()], text[paren.start() :]
    head, found, tail = text.partition(". ")
    if found and YEAR_RE.search(tail) and len(head) >= 8:
        return head, tail
    return text, ""


def is_title_like(text: str) -> bool:
    words = text.split()
    return (
        3 <= len(text) <= 300
        and len(words) <= 30
        and not _PROSE_START.match(text)
        and not text.endswith((".", "?", "!"))
    ) or (text.endswith("?") and len(words) <= 20)


def authors_year(rest: str) -> tuple[list[str], int | None]:
    """`- Vaswani, Shazeer (2017)`, `(Vaswani et al., 2017)`, `Vaswani et al. NeurIPS 2017`."""
    text = " ".join(rest.split()).strip(" -–—:;,|")
    if not text:
        return [], None
    years = YEAR_RE.findall(text)
    year = int(years[-1]) if years else None
    names = YEAR_PAREN_RE.sub(lambda m: m.group(1), text)
    names = YEAR_RE.sub("", names).strip(" ()[],;.-–—")
    names = re.sub(r"\b(?:in|at)\s+[A-Z][\w ]{0,30}$", "", names).strip(" ,;.")
    if not names or len(names) > 300 or re.search(r"[.!?]\s+[a-z]", names):
        return [], year
    names = re.sub(r"\s+et\.? al\.?$", "", names)
    parts = split_authors(names)
    # Author lists are short capitalised names; anything else (a venue, a note) is not kept.
    if parts and all(p[:1].isupper() and len(p.split()) <= 5 for p in parts):
        return parts, year
    return [], year


def label_is(label: str, names: frozenset[str]) -> bool:
    return label.strip().lower() in names


_COLUMN_ROLES = {
    "title": {
        "title",
        "paper",
        "papers",
        "name",
        "paper title",
        "reading",
        "article",
        "paper name",
    },
    "link": {"link", "links", "url", "arxiv", "pdf", "paper link", "doi", "source"},
    "year": {"year", "published", "yr"},
    "authors": {"authors", "author", "by", "first author"},
    "presenter": {
        "presenter",
        "presenters",
        "moderator",
        "speaker",
        "presented by",
        "lead",
        "host",
        "who",
        "discussion lead",
    },
    "date": {"date", "when", "week", "session", "meeting"},
    "notes": {
        "notes",
        "note",
        "summary",
        "comments",
        "tl;dr",
        "tldr",
        "description",
        "takeaway",
        "why",
    },
}


def column_role(name: str) -> str | None:
    key = " ".join(name.strip().strip("*_`").lower().split())
    for role, names in _COLUMN_ROLES.items():
        if key in names:
            return role
    return None
