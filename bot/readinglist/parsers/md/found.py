"""One line's papers: the links and titles of a list item, paragraph line or table row."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.readinglist.paperlinks import PaperRef, paper_ref, with_scheme
from bot.readinglist.parsers.md.inline import Piece, page_link, text_of
from bot.readinglist.parsers.md.words import (
    GENERIC,
    LABEL_RE,
    NOTE_LABELS,
    PEOPLE_LABELS,
    SKIP_LABELS,
    TITLE_LABELS,
    YEAR_PAREN_RE,
    clean_title,
    is_title_like,
    split_title,
)


@dataclass
class Found:
    line: int
    title: str = ""
    strength: int = 0  # 3 link text or a title column, 2 emphasised text, 1 plain text
    refs: list[PaperRef] = field(default_factory=list)
    page: str | None = None
    rest: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    presenter: str | None = None
    year: int | None = None
    authors: list[str] = field(default_factory=list)

    def id_ref(self) -> PaperRef | None:
        return next((r for r in self.refs if r.arxiv_id or r.doi), None)


def papers_in(pieces: list[Piece], line: int, kind: str, block: list[Found]) -> list[Found] | None:
    """The papers a line links or names; None when it has none. `block` holds the papers of
    the line's list item or paragraph so far (a link alone after a title alone is its link)."""
    papers: list[Found] = []
    pending: list[Piece] = []
    current: Found | None = None
    substantive_before = False
    for piece in pieces:
        if piece.kind == "text":
            if current is not None:
                current.rest.append(piece.text)
            pending.append(piece)
            if piece.text.strip(" \t-–—*•·|:"):
                substantive_before = True
            continue
        ref = piece.ref
        text = " ".join(piece.text.split())
        generic = (
            not text
            or bool(GENERIC.match(text))
            or paper_ref(text) is not None
            or text.lower().startswith(("http://", "https://", "www."))
        )
        if ref is None:
            # A titled link to a page that is not a known paper host is a paper when it
            # opens its list item or row (`- [A blog post](https://…)`); anywhere else it is
            # a reference in prose.
            if (
                piece.kind == "link"
                and not generic
                and not papers
                and not substantive_before
                and kind in ("item", "row")
                and page_link(piece.href)
            ):
                current = Found(line=line, title=text, strength=3, page=with_scheme(piece.href))
                papers.append(current)
                pending = []
            elif (
                piece.kind == "link"
                and current is not None
                and current.page is None
                and page_link(piece.href)
                and generic
            ):
                current.page = with_scheme(piece.href)
            elif (
                piece.kind == "ref"
                and current is None
                and not substantive_before
                and page_link(piece.href)
                and not text_of(pieces[pieces.index(piece) + 1 :]).strip()
            ):
                # A line that is only an address: a list of links to papers' pages.
                current = Found(line=line, page=with_scheme(piece.href))
                papers.append(current)
            continue
        if piece.kind == "link" and not generic:
            if (
                current is not None
                and not current.refs
                and current.strength == 3
                and current.page is None
            ):
                current.refs.append(ref)
                continue
            current = Found(line=line, title=text, strength=3, refs=[ref])
            papers.append(current)
            pending = []
            continue
        # A bare URL, an `arXiv:` id or a `[pdf]`-style link: another page of the paper
        # before it, or a paper whose title is the text in front of it.
        if current is not None and same_paper(current, ref):
            if all(r.key != ref.key for r in current.refs):
                current.refs.append(ref)
            continue
        # A link alone on the line after a title alone (`**Title**` then the URL) is that
        # title's link; a title that already has one is another paper.
        earlier = block[-1] if block else None
        if (
            current is None
            and earlier is not None
            and not (earlier.refs or earlier.page or text_of(pending).strip())
        ):
            earlier.refs.append(ref)
            continue
        title_text = text_of(pending)
        # `**Paper:**` is a label, not a title in bold.
        strong = " ".join(
            p.text for p in pending if p.strong and not p.text.strip().endswith((":", "："))
        ).strip()
        head, rest = split_title(strong or title_text)
        current = Found(line=line, title=clean_title(head), strength=2 if strong else 1, refs=[ref])
        if rest:
            current.rest.append(rest)
        papers.append(current)
        pending = []
    if papers:
        return papers
    return title_only(pieces, line, kind)


def title_only(pieces: list[Piece], line: int, kind: str) -> list[Found] | None:
    """A line without links that has a title's shape: `**Title**`, `Title (2017)`."""
    if kind not in ("item", "paragraph", "row", "heading"):
        return None
    text = text_of(pieces)
    if not text.strip():
        return None
    label = LABEL_RE.match(" ".join(text.split()))
    labelled = label is not None and label.group(1).strip().lower() in TITLE_LABELS
    strong = " ".join(p.text for p in pieces if p.strong and p.kind == "text").strip()
    plain_rest = " ".join(p.text for p in pieces if not p.strong and p.kind == "text").strip()
    if strong and (
        not plain_rest
        or plain_rest.strip(" -–—:,(").startswith(tuple("0123456789("))
        or YEAR_PAREN_RE.match(plain_rest.strip(" -–—:,"))
        or plain_rest.startswith((" - ", "- ", "— ", ", ", "by "))
    ):
        title, rest = clean_title(strong), plain_rest
        if (
            label is not None
            and label.group(1).strip().lower()
            in TITLE_LABELS | PEOPLE_LABELS | NOTE_LABELS | SKIP_LABELS
            and title.lower().rstrip(":") == label.group(1).strip().lower()
        ):
            title, rest = split_title(clean_title(plain_rest))
        strength = 2
    elif (kind == "item" and (YEAR_PAREN_RE.search(text) or labelled)) or labelled:
        head, rest = split_title(text)
        title, strength = clean_title(head), 1
    else:
        return None
    if not is_title_like(title) or len(title) < 3:
        return None
    paper = Found(line=line, title=title, strength=strength)
    if rest:
        paper.rest.append(rest)
    return [paper]


# -- what is not a paper


def same_paper(paper: Found, ref: PaperRef) -> bool:
    """Whether another link on a paper's line is one more page of it (`[pdf]`, the code) rather
    than a second paper: it is unless both name different ids."""
    own = paper.id_ref()
    if own is None or not (ref.arxiv_id or ref.doi):
        return True
    return own.key == ref.key
