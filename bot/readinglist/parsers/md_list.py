"""Markdown as groups keep it: awesome lists, plain link lists, tables, meeting logs.

The text is parsed as Markdown (markdown-it-py, CommonMark with tables and strikethrough), not
with line patterns, so `[Title: Subtitle](url)` is one link whatever its punctuation. Each list
item line, paragraph line and table row is a candidate; it is a paper when it links a paper
(see paperlinks.py) or has the shape of a title (`**Title**`, `Title (2020)`). Headings are
never papers unless they link one (a page's `# Heading` never is); they name sections, and a
dated heading starts a meeting. Struck-through and HTML-commented lines are not imported but are
listed when they held a paper, so a list is never silently short.

markdown-it-py's block and inline rules are linear in their input for the shapes we feed it
(checked by tests/readinglist/test_rl_linear_time.py), and the parse runs in the sandboxed
child process like every other parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.readinglist.ids import arxiv_url
from bot.readinglist.paperlinks import PaperRef, find_refs, is_not_paper, paper_ref, with_scheme
from bot.readinglist.parsers.base import ParseResult, build_entry, clip
from bot.readinglist.parsers.idlist import placeholder_title
from bot.readinglist.parsers.meetings import Meeting, find_date, is_cancelled
from bot.readinglist.parsers.text import split_authors

FORMAT = "markdown"

# Link texts that name a kind of page, not the paper: `[pdf]`, `[arXiv]`, `[code]`, `[1]`.
_GENERIC = re.compile(
    r"^(?:\[?\s*(?:pdf|arxiv|paper|link|here|abs|abstract|html|doi|openreview|url|web|page|"
    r"project|project page|code|github|video|slides|talk|blog|post|website|demo|poster|"
    r"review|reviews|acl|pmlr|neurips|semantic scholar|s2|huggingface|hf|\d{1,3})\s*\]?)$",
    re.IGNORECASE,
)
# Field labels of meeting logs and annotated lists: `**Paper:**`, `Moderator:`, `Notes -`.
_LABEL_RE = re.compile(r"^[ \t]*([A-Za-z][A-Za-z /.'-]{0,30}?)[ \t]*[:：][ \t]*")
_TITLE_LABELS = frozenset(
    {"paper", "papers", "title", "reading", "readings", "read", "main paper", "topic", "article"}
)
_PEOPLE_LABELS = frozenset(
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
_NOTE_LABELS = frozenset(
    {"notes", "note", "summary", "tl;dr", "tldr", "takeaway", "takeaways", "comments", "why"}
)
_SKIP_LABELS = frozenset(
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
_YEAR_PAREN_RE = re.compile(r"\(([^()]{0,80}?)\b((?:19|20)\d{2})[a-z]?\)")
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_SEPARATORS = (" — ", " – ", " - ", " | ", " -- ", " by ")
_PROSE_START = re.compile(
    r"^(?:we|i|our|this|this week|today|next|last|read|reading|discussed|discussing|see|check|"
    r"continued|continuing|finished|started)\b",
    re.IGNORECASE,
)


@dataclass
class _Piece:
    kind: str  # "text", "link" or "ref"
    text: str
    href: str = ""
    ref: PaperRef | None = None
    strong: bool = False
    struck: bool = False


@dataclass
class _Paper:
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


@dataclass
class _Context:
    """Where a line sits: its section's date and people, and the papers of its block."""

    heading: str = ""
    meeting_date: date | None = None
    meeting_cancelled: bool = False
    meeting_line: int = 0
    meeting_people: str | None = None
    meeting_papers: list[_Paper] = field(default_factory=list)
    block_papers: list[_Paper] = field(default_factory=list)


# ---------------------------------------------------------------------------- detection


def _strip_comments(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text with each `<!-- … -->` blanked (its newlines kept, so line numbers hold), and
    the (first, last) lines of every comment. An unclosed comment runs to the end, as in
    CommonMark."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    while True:
        start = text.find("<!--", position)
        if start < 0:
            out.append(text[position:])
            break
        end = text.find("-->", start + 4)
        stop = len(text) if end < 0 else end + 3
        out.append(text[position:start])
        hidden = text[start:stop]
        first = text.count("\n", 0, start) + 1
        spans.append((first, first + hidden.count("\n")))
        out.append("\n" * hidden.count("\n"))
        position = stop
    return "".join(out), spans


def looks_like(text: str) -> bool:
    """A Markdown (or plain) page that links papers, lists titled links or has a paper table."""
    keys: set[str] = set()
    link_items = 0
    titled_items = 0
    structured = False
    for line in text.splitlines()[:20_000]:
        stripped = line.lstrip()
        if stripped.startswith(("#", "- ", "* ", "+ ", "|")) or re.match(
            r"^\d{1,3}[.)] ", stripped
        ):
            structured = True
            item = stripped.lstrip("-*+|0123456789.) \t")
            if item.startswith("[") and "](" in item:
                link_items += 1
            elif item.startswith(("**", "__")) or _YEAR_PAREN_RE.search(item[:400]):
                titled_items += 1
        if "/" in line or ":" in line:
            for found in find_refs(line):
                if found.ref is not None:
                    keys.add(found.ref.key)
        if len(keys) >= 2:
            return True
    return (bool(keys) and structured) or link_items >= 2 or titled_items >= 3


# ---------------------------------------------------------------------------- inline → lines


def _lines(token: Any) -> list[list[_Piece]]:
    """An inline token's content as lines of pieces (soft and hard breaks end a line)."""
    lines: list[list[_Piece]] = [[]]
    strong = struck = 0
    link: _Piece | None = None
    for child in token.children or []:
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            if link is None:
                lines.append([])
            continue
        if kind in ("strong_open", "em_open"):
            strong += 1
        elif kind in ("strong_close", "em_close"):
            strong = max(0, strong - 1)
        elif kind == "s_open":
            struck += 1
        elif kind == "s_close":
            struck = max(0, struck - 1)
        elif kind == "link_open":
            link = _Piece("link", "", str(child.attrs.get("href", "")), strong=bool(strong))
        elif kind == "link_close":
            if link is not None:
                link.struck = link.struck or bool(struck)
                lines[-1].append(link)
            link = None
        elif kind in ("text", "code_inline"):
            if link is not None:
                link.text += child.content
            elif child.content:
                lines[-1].append(
                    _Piece("text", child.content, strong=bool(strong), struck=bool(struck))
                )
        elif kind == "html_inline" and link is None:
            content = child.content
            if content.lower().startswith("<br"):
                lines.append([])
    return [line for line in lines if line]


def _split_refs(pieces: list[_Piece]) -> list[_Piece]:
    """Text pieces cut at the URLs and ids they contain; links given the paper they point at."""
    out: list[_Piece] = []
    for piece in pieces:
        if piece.kind == "link":
            href = piece.href.strip()
            piece.ref = paper_ref(href) if href and not href.startswith(("#", "mailto:")) else None
            out.append(piece)
            continue
        if "/" not in piece.text and ":" not in piece.text and "." not in piece.text:
            out.append(piece)
            continue
        position = 0
        for found in find_refs(piece.text):
            if found.start > position:
                out.append(
                    _Piece(
                        "text",
                        piece.text[position : found.start],
                        strong=piece.strong,
                        struck=piece.struck,
                    )
                )
            out.append(
                _Piece(
                    "ref",
                    found.text,
                    href=found.text,
                    ref=found.ref,
                    strong=piece.strong,
                    struck=piece.struck,
                )
            )
            position = found.end
        if position < len(piece.text):
            out.append(
                _Piece("text", piece.text[position:], strong=piece.strong, struck=piece.struck)
            )
    return out


# ---------------------------------------------------------------------------- titles


def _clean_title(text: str) -> str:
    text = " ".join(text.split())
    label = _LABEL_RE.match(text)
    if label and label.group(1).strip().lower() in _TITLE_LABELS:
        text = text[label.end() :]
    text = text.strip(" \t-–—:;,|•·>*_\"'“”‘’")
    text = re.sub(r"^\d{1,3}[.)]\s+", "", text)
    text = text.strip(" \t-–—:;,|•·>*_\"'“”‘’")
    return text.removesuffix(".").strip() if not text.endswith("et al.") else text


def _split_title(text: str) -> tuple[str, str]:
    """Free text before a link as (title, what follows it: authors, year, venue)."""
    text = " ".join(text.split())
    for separator in _SEPARATORS:
        head, found, tail = text.partition(separator)
        if found and len(_clean_title(head)) >= 3:
            return head, tail
    paren = _YEAR_PAREN_RE.search(text)
    if paren and paren.start() >= 3:
        return text[: paren.start()], text[paren.start() :]
    head, found, tail = text.partition(". ")
    if found and _YEAR_RE.search(tail) and len(head) >= 8:
        return head, tail
    return text, ""


def _is_title_like(text: str) -> bool:
    words = text.split()
    return (
        3 <= len(text) <= 300
        and len(words) <= 30
        and not _PROSE_START.match(text)
        and not text.endswith((".", "?", "!"))
    ) or (text.endswith("?") and len(words) <= 20)


def _authors_year(rest: str) -> tuple[list[str], int | None]:
    """`- Vaswani, Shazeer (2017)`, `(Vaswani et al., 2017)`, `Vaswani et al. NeurIPS 2017`."""
    text = " ".join(rest.split()).strip(" -–—:;,|")
    if not text:
        return [], None
    years = _YEAR_RE.findall(text)
    year = int(years[-1]) if years else None
    names = _YEAR_PAREN_RE.sub(lambda m: m.group(1), text)
    names = _YEAR_RE.sub("", names).strip(" ()[],;.-–—")
    names = re.sub(r"\b(?:in|at)\s+[A-Z][\w ]{0,30}$", "", names).strip(" ,;.")
    if not names or len(names) > 300 or re.search(r"[.!?]\s+[a-z]", names):
        return [], year
    names = re.sub(r"\s+et\.? al\.?$", "", names)
    parts = split_authors(names)
    # Author lists are short capitalised names; anything else (a venue, a note) is not kept.
    if parts and all(p[:1].isupper() and len(p.split()) <= 5 for p in parts):
        return parts, year
    return [], year


# ---------------------------------------------------------------------------- the parser


class _Reader:
    def __init__(self, result: ParseResult, comments: list[tuple[int, int]]) -> None:
        self.result = result
        self.comments = comments
        self.papers: list[_Paper] = []
        self.context = _Context()
        self.meetings: list[tuple[_Context, list[_Paper]]] = []
        self.page_title: str | None = None

    # -- headings

    def heading(self, level: int, token: Any, line: int) -> None:
        lines = _lines(token)
        pieces = _split_refs(lines[0]) if lines else []
        text = " ".join(p.text for p in pieces if p.kind == "text").strip()
        self.close_meeting()
        self.context = _Context(heading=text)
        if level == 1 and self.page_title is None:
            self.page_title = text
            return
        when = find_date(text)
        if when is not None:
            self.context.meeting_date = when
            self.context.meeting_line = line
            self.context.meeting_cancelled = is_cancelled(text) or (
                all(p.struck for p in pieces if p.kind == "text" and p.text.strip())
                and any(p.text.strip() for p in pieces if p.kind == "text")
            )
        # A heading that links a paper (`### [Title](arxiv)`) is that paper; any other heading
        # names a section, and the page's own `# Heading` never is a paper.
        if level > 1 and any(p.ref is not None and (p.ref.arxiv_id or p.ref.doi) for p in pieces):
            self.line(pieces, line, kind="heading")

    def close_meeting(self) -> None:
        if self.context.meeting_date is not None:
            self.meetings.append((self.context, list(self.context.meeting_papers)))

    # -- blocks

    def new_block(self) -> None:
        self.context.block_papers = []

    def inline(self, token: Any, first_line: int, *, kind: str) -> None:
        for offset, pieces in enumerate(_lines(token)):
            self.line(_split_refs(pieces), first_line + offset, kind=kind)

    def row(self, header: list[str], cells: list[list[_Piece]], line: int) -> None:
        roles = [_column_role(name) for name in header]
        if "title" not in roles:
            joined: list[_Piece] = []
            for cell in cells:
                joined += [*cell, _Piece("text", " | ")]
            self.line(joined, line, kind="row")
            return
        values: dict[str, list[_Piece]] = {}
        for role, cell in zip(roles, cells, strict=False):
            if role:
                values.setdefault(role, []).extend(cell)
        title_pieces = values.get("title", [])
        everything = [p for cell in cells for p in cell]
        if everything and all(p.struck for p in everything if p.text.strip() or p.kind != "text"):
            self.skip_struck(everything, line)
            return
        link_title = next(
            (
                p
                for p in title_pieces
                if p.kind == "link" and not _GENERIC.match(p.text.strip()) and p.text.strip()
            ),
            None,
        )
        title = (
            link_title.text
            if link_title
            else " ".join(p.text for p in title_pieces if p.kind == "text")
        )
        paper = _Paper(line=line, title=_clean_title(title), strength=3 if title.strip() else 0)
        for piece in title_pieces + [p for c in cells for p in c if p not in title_pieces]:
            if piece.ref is not None and all(r.key != piece.ref.key for r in paper.refs):
                if paper.id_ref() and (piece.ref.arxiv_id or piece.ref.doi):
                    continue  # a second id in one row is a related link, not this paper
                paper.refs.append(piece.ref)
            elif piece.kind == "link" and paper.page is None and _page_link(piece.href):
                paper.page = with_scheme(piece.href)
        year_text = " ".join(p.text for p in values.get("year", []))
        years = _YEAR_RE.findall(year_text)
        paper.year = int(years[0]) if years else None
        authors = " ".join(p.text for p in values.get("authors", []))
        paper.authors = split_authors(authors) if authors.strip() else []
        people = " ".join(p.text for p in values.get("presenter", [])).strip()
        paper.presenter = people or None
        notes = " ".join(p.text for p in values.get("notes", [])).strip()
        if notes:
            paper.notes.append(notes)
        when_text = " ".join(p.text for p in values.get("date", []))
        when = find_date(when_text) if when_text else None
        cancelled = is_cancelled(" ".join(p.text for p in everything if p.kind == "text"))
        if not paper.title and not paper.refs:
            if when is not None:
                self.meetings.append((_meeting(when, line, cancelled, paper.presenter), []))
            return
        if cancelled and when is not None and not paper.refs:
            self.meetings.append((_meeting(when, line, True, paper.presenter), []))
            return
        self.keep(paper)
        if when is not None:
            self.meetings.append((_meeting(when, line, cancelled, paper.presenter), [paper]))

    # -- one line

    def skip_struck(self, pieces: list[_Piece], line: int) -> None:
        text = " ".join(p.text for p in pieces).strip()
        held_paper = any(p.ref is not None for p in pieces) or _is_title_like(_clean_title(text))
        when = find_date(text)
        if when is not None:
            self.meetings.append((_meeting(when, line, True, None), []))
        if held_paper:
            self.result.attempt()
            self.result.skip(
                "struck through, so not imported (a cancelled week?)", line=line, entry=text[:80]
            )

    def line(self, pieces: list[_Piece], line: int, *, kind: str) -> None:
        if not pieces:
            return
        texts = [p for p in pieces if p.text.strip() or p.kind != "text"]
        links = [p for p in pieces if p.ref is not None]
        # A struck-through line, or a line whose paper links are all struck through, is a week
        # that did not happen: named in the report, not imported.
        if (texts and all(p.struck for p in texts)) or (links and all(p.struck for p in links)):
            self.skip_struck(pieces, line)
            return
        plain = "".join(p.text for p in pieces if p.kind == "text")
        label_match = _LABEL_RE.match(" ".join(plain.split()))
        label = label_match.group(1).strip().lower() if label_match else ""
        if label in _PEOPLE_LABELS:
            people = (
                _clean_title(" ".join(plain.split())[label_match.end() :]) if label_match else ""
            )
            self.people(people)
            return
        if label in _SKIP_LABELS and not any(
            p.ref is not None and (p.ref.arxiv_id or p.ref.doi) for p in pieces
        ):
            if label in ("date", "when"):
                when = find_date(plain)
                if when is not None and self.context.meeting_date is None:
                    self.context.meeting_date, self.context.meeting_line = when, line
            return
        found = self.papers_in(pieces, line, kind)
        if found is None:
            self.note(plain, label)
            return
        leading_date = find_date(plain[:40]) if kind in ("item", "row") else None
        for paper in found:
            self.keep(paper)
        if leading_date is not None and self.context.meeting_date is None:
            cancelled = is_cancelled(plain)
            self.meetings.append(
                (_meeting(leading_date, line, cancelled, found[0].presenter), found)
            )
            return
        self.context.meeting_papers.extend(found)

    def papers_in(self, pieces: list[_Piece], line: int, kind: str) -> list[_Paper] | None:
        papers: list[_Paper] = []
        pending: list[_Piece] = []
        current: _Paper | None = None
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
                or bool(_GENERIC.match(text))
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
                    and _page_link(piece.href)
                ):
                    current = _Paper(
                        line=line, title=text, strength=3, page=with_scheme(piece.href)
                    )
                    papers.append(current)
                    pending = []
                elif (
                    piece.kind == "link"
                    and current is not None
                    and current.page is None
                    and _page_link(piece.href)
                    and generic
                ):
                    current.page = with_scheme(piece.href)
                elif (
                    piece.kind == "ref"
                    and current is None
                    and not substantive_before
                    and _page_link(piece.href)
                    and not _text_of(pieces[pieces.index(piece) + 1 :]).strip()
                ):
                    # A line that is only an address: a list of links to papers' pages.
                    current = _Paper(line=line, page=with_scheme(piece.href))
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
                current = _Paper(line=line, title=text, strength=3, refs=[ref])
                papers.append(current)
                pending = []
                continue
            # A bare URL, an `arXiv:` id or a `[pdf]`-style link: another page of the paper
            # before it, or a paper whose title is the text in front of it.
            if current is not None and _same_paper(current, ref):
                if all(r.key != ref.key for r in current.refs):
                    current.refs.append(ref)
                continue
            # A link alone on the line after a title alone (`**Title**` then the URL) is that
            # title's link; a title that already has one is another paper.
            earlier = self.context.block_papers[-1] if self.context.block_papers else None
            if (
                current is None
                and earlier is not None
                and not (earlier.refs or earlier.page or _text_of(pending).strip())
            ):
                earlier.refs.append(ref)
                continue
            title_text = _text_of(pending)
            # `**Paper:**` is a label, not a title in bold.
            strong = " ".join(
                p.text for p in pending if p.strong and not p.text.strip().endswith((":", "："))
            ).strip()
            head, rest = _split_title(strong or title_text)
            current = _Paper(
                line=line, title=_clean_title(head), strength=2 if strong else 1, refs=[ref]
            )
            if rest:
                current.rest.append(rest)
            papers.append(current)
            pending = []
        if papers:
            return papers
        return self.title_only(pieces, line, kind)

    def title_only(self, pieces: list[_Piece], line: int, kind: str) -> list[_Paper] | None:
        """A line without links that has a title's shape: `**Title**`, `Title (2017)`."""
        if kind not in ("item", "paragraph", "row", "heading"):
            return None
        text = _text_of(pieces)
        if not text.strip():
            return None
        label = _LABEL_RE.match(" ".join(text.split()))
        labelled = label is not None and label.group(1).strip().lower() in _TITLE_LABELS
        strong = " ".join(p.text for p in pieces if p.strong and p.kind == "text").strip()
        plain_rest = " ".join(p.text for p in pieces if not p.strong and p.kind == "text").strip()
        if strong and (
            not plain_rest
            or plain_rest.strip(" -–—:,(").startswith(tuple("0123456789("))
            or _YEAR_PAREN_RE.match(plain_rest.strip(" -–—:,"))
            or plain_rest.startswith((" - ", "- ", "— ", ", ", "by "))
        ):
            title, rest = _clean_title(strong), plain_rest
            if (
                label is not None
                and label.group(1).strip().lower()
                in _TITLE_LABELS | _PEOPLE_LABELS | _NOTE_LABELS | _SKIP_LABELS
                and title.lower().rstrip(":") == label.group(1).strip().lower()
            ):
                title, rest = _split_title(_clean_title(plain_rest))
            strength = 2
        elif (kind == "item" and (_YEAR_PAREN_RE.search(text) or labelled)) or labelled:
            head, rest = _split_title(text)
            title, strength = _clean_title(head), 1
        else:
            return None
        if not _is_title_like(title) or len(title) < 3:
            return None
        paper = _Paper(line=line, title=title, strength=strength)
        if rest:
            paper.rest.append(rest)
        return [paper]

    # -- what is not a paper

    def people(self, people: str) -> None:
        if not people:
            return
        if self.context.block_papers:
            self.context.block_papers[-1].presenter = people
        elif self.context.meeting_papers:
            self.context.meeting_papers[-1].presenter = people
        self.context.meeting_people = people

    def note(self, plain: str, label: str) -> None:
        text = " ".join(plain.split())
        if label and label_is(label, _NOTE_LABELS):
            text = text.split(":", 1)[-1].strip()
        if not text:
            return
        if self.context.meeting_date is not None and is_cancelled(text):
            self.context.meeting_cancelled = True
        if self.context.block_papers:
            self.context.block_papers[-1].notes.append(text)

    def keep(self, paper: _Paper) -> None:
        self.papers.append(paper)
        self.context.block_papers.append(paper)

    # -- entries

    def finish(self) -> None:
        self.close_meeting()
        made: dict[int, str | None] = {}
        for paper in self.papers:
            made[id(paper)] = self.build(paper)
        for context, papers in self.meetings:
            ids = tuple(made.get(id(p)) for p in papers)
            presenter = context.meeting_people or next(
                (p.presenter for p in papers if p.presenter), None
            )
            self.result.meetings.append(
                Meeting(
                    line=context.meeting_line,
                    when=context.meeting_date,  # type: ignore[arg-type]
                    entry_ids=tuple(i for i in ids if i),
                    presenter=presenter,
                    cancelled=context.meeting_cancelled,
                )
            )
        for first, last in self.comments:
            self.result.comment_lines += last - first + 1

    def commented(self, text: str) -> None:
        """Papers inside HTML comments are not imported, and each is named in the report."""
        lines = text.splitlines()
        for first, last in self.comments:
            for number in range(first, min(last, len(lines)) + 1):
                line = lines[number - 1]
                if any(f.ref is not None for f in find_refs(line)):
                    self.result.attempt()
                    self.result.skip(
                        "inside an HTML comment, so not imported",
                        line=number,
                        entry=line.strip()[:80],
                    )

    def build(self, paper: _Paper) -> str | None:
        id_ref = paper.id_ref()
        rest = " ".join(paper.rest)
        authors, year = paper.authors, paper.year
        if not authors and rest:
            authors, found_year = _authors_year(rest)
            year = year or found_year
        title = paper.title
        needs_lookup = False
        tagline = None
        if paper.strength <= 1 and title and not _is_title_like(title):
            tagline, title = title, ""
        if not title:
            if id_ref is None:
                page = paper.refs[0].url if paper.refs else paper.page
                if page is None:
                    self.result.attempt()
                    self.result.problem("no title", line=paper.line)
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
            self.result,
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
            self.result.title_only.add(entry.id)
        return entry.id if entry is not None else None


MAX_PLACEHOLDER = 200


def _same_paper(paper: _Paper, ref: PaperRef) -> bool:
    """Whether another link on a paper's line is one more page of it (`[pdf]`, the code) rather
    than a second paper: it is unless both name different ids."""
    own = paper.id_ref()
    if own is None or not (ref.arxiv_id or ref.doi):
        return True
    return own.key == ref.key


def label_is(label: str, names: frozenset[str]) -> bool:
    return label.strip().lower() in names


def _meeting(when: date, line: int, cancelled: bool, people: str | None) -> _Context:
    return _Context(
        meeting_date=when, meeting_line=line, meeting_cancelled=cancelled, meeting_people=people
    )


def _text_of(pieces: list[_Piece]) -> str:
    return " ".join("".join(p.text for p in pieces if p.kind == "text").split())


def _page_link(href: str) -> bool:
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "/", "./", "../")):
        return False
    if not re.match(r"^(?:https?://|www\.)", href, re.IGNORECASE):
        return False
    return not is_not_paper(href)


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


def _column_role(name: str) -> str | None:
    key = " ".join(name.strip().strip("*_`").lower().split())
    for role, names in _COLUMN_ROLES.items():
        if key in names:
            return role
    return None


def parse(text: str, *, source: str) -> ParseResult:
    from markdown_it import MarkdownIt

    result = ParseResult(source=source, format=FORMAT)
    visible, comments = _strip_comments(text)
    reader = _Reader(result, comments)
    tokens = (
        MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).parse(visible)
    )
    depth = 0  # list nesting
    header: list[str] = []
    cells: list[list[_Piece]] = []
    in_head = False
    row_line = 0
    heading_level = 0
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif (kind == "list_item_open" and depth == 1) or (kind == "paragraph_open" and depth == 0):
            reader.new_block()
        elif kind == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind == "thead_open":
            in_head, header = True, []
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            cells, row_line = [], (token.map[0] + 1 if token.map else 0)
            reader.new_block()
        elif kind == "tr_close" and not in_head:
            reader.row(header, cells, row_line)
        elif kind == "inline":
            line = (token.map[0] + 1) if token.map else 0
            parent = tokens[index - 1].type if index else ""
            if parent == "heading_open":
                reader.heading(heading_level, token, line)
            elif parent == "th_open":
                header.append(token.content)
            elif parent == "td_open":
                lines = _lines(token)
                cells.append(_split_refs([p for ln in lines for p in (*ln, _Piece("text", " "))]))
            else:
                reader.inline(token, line, kind="item" if depth else "paragraph")
    reader.finish()
    reader.commented(text)
    if not result.entries and not result.problems and not result.skipped:
        result.problem(
            "no papers found: expected links to papers, e.g. '- [Title](https://arxiv.org/abs/…)'"
        )
    return result
