"""Walking a Markdown reading list: sections, meetings, rows and lines, in document order.

Headings name sections, and a dated heading starts a meeting; list items, paragraph lines and
table rows are read for papers (found.py); labelled lines (`**Moderator:**`, `Notes:`) attach to
the paper before them. Struck-through and commented lines are listed, never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.core.text import t
from bot.readinglist.paperlinks import find_refs, with_scheme
from bot.readinglist.parsers.base import ParseResult
from bot.readinglist.parsers.md.build import build
from bot.readinglist.parsers.md.found import Found, papers_in
from bot.readinglist.parsers.md.inline import Piece, inline_lines, page_link, split_refs
from bot.readinglist.parsers.md.words import (
    GENERIC,
    LABEL_RE,
    NOTE_LABELS,
    PEOPLE_LABELS,
    SKIP_LABELS,
    YEAR_RE,
    clean_title,
    column_role,
    is_title_like,
    label_is,
)
from bot.readinglist.parsers.meetings import Meeting, find_date, is_cancelled
from bot.readinglist.parsers.text import split_authors


@dataclass
class Section:
    """Where a line sits: its section's date and people, and the papers of its block."""

    heading: str = ""
    meeting_date: date | None = None
    meeting_cancelled: bool = False
    meeting_line: int = 0
    meeting_people: str | None = None
    meeting_papers: list[Found] = field(default_factory=list)
    block_papers: list[Found] = field(default_factory=list)


class Reader:
    """Walks the document's headings, blocks and rows, keeping the papers and meetings."""

    def __init__(self, result: ParseResult, comments: list[tuple[int, int]]) -> None:
        self.result = result
        self.comments = comments
        self.papers: list[Found] = []
        self.context = Section()
        self.meetings: list[tuple[Section, list[Found]]] = []
        self.page_title: str | None = None

    # -- headings

    def heading(self, level: int, token: Any, line: int) -> None:
        lines = inline_lines(token)
        pieces = split_refs(lines[0]) if lines else []
        text = " ".join(p.text for p in pieces if p.kind == "text").strip()
        self.close_meeting()
        self.context = Section(heading=text)
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
        for offset, pieces in enumerate(inline_lines(token)):
            self.line(split_refs(pieces), first_line + offset, kind=kind)

    def row(self, header: list[str], cells: list[list[Piece]], line: int) -> None:
        roles = [column_role(name) for name in header]
        if "title" not in roles:
            joined: list[Piece] = []
            for cell in cells:
                joined += [*cell, Piece("text", " | ")]
            self.line(joined, line, kind="row")
            return
        values: dict[str, list[Piece]] = {}
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
                if p.kind == "link" and not GENERIC.match(p.text.strip()) and p.text.strip()
            ),
            None,
        )
        title = (
            link_title.text
            if link_title
            else " ".join(p.text for p in title_pieces if p.kind == "text")
        )
        paper = Found(line=line, title=clean_title(title), strength=3 if title.strip() else 0)
        for piece in title_pieces + [p for c in cells for p in c if p not in title_pieces]:
            if piece.ref is not None and all(r.key != piece.ref.key for r in paper.refs):
                if paper.id_ref() and (piece.ref.arxiv_id or piece.ref.doi):
                    continue  # a second id in one row is a related link, not this paper
                paper.refs.append(piece.ref)
            elif piece.kind == "link" and paper.page is None and page_link(piece.href):
                paper.page = with_scheme(piece.href)
        year_text = " ".join(p.text for p in values.get("year", []))
        years = YEAR_RE.findall(year_text)
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
                self.meetings.append((meeting_section(when, line, cancelled, paper.presenter), []))
            return
        if cancelled and when is not None and not paper.refs:
            self.meetings.append((meeting_section(when, line, True, paper.presenter), []))
            return
        self.keep(paper)
        if when is not None:
            self.meetings.append((meeting_section(when, line, cancelled, paper.presenter), [paper]))

    # -- one line

    def skip_struck(self, pieces: list[Piece], line: int) -> None:
        text = " ".join(p.text for p in pieces).strip()
        held_paper = any(p.ref is not None for p in pieces) or is_title_like(clean_title(text))
        when = find_date(text)
        if when is not None:
            self.meetings.append((meeting_section(when, line, True, None), []))
        if held_paper:
            self.result.attempt()
            self.result.skip(
                t("struck through, so not imported (a cancelled week?)"), line=line, entry=text[:80]
            )

    def line(self, pieces: list[Piece], line: int, *, kind: str) -> None:
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
        label_match = LABEL_RE.match(" ".join(plain.split()))
        label = label_match.group(1).strip().lower() if label_match else ""
        if label in PEOPLE_LABELS:
            people = (
                clean_title(" ".join(plain.split())[label_match.end() :]) if label_match else ""
            )
            self.people(people)
            return
        if label in SKIP_LABELS and not any(
            p.ref is not None and (p.ref.arxiv_id or p.ref.doi) for p in pieces
        ):
            if label in ("date", "when"):
                when = find_date(plain)
                if when is not None and self.context.meeting_date is None:
                    self.context.meeting_date, self.context.meeting_line = when, line
            return
        found = papers_in(pieces, line, kind, self.context.block_papers)
        if found is None:
            self.note(plain, label)
            return
        leading_date = find_date(plain[:40]) if kind in ("item", "row") else None
        for paper in found:
            self.keep(paper)
        if leading_date is not None and self.context.meeting_date is None:
            cancelled = is_cancelled(plain)
            self.meetings.append(
                (meeting_section(leading_date, line, cancelled, found[0].presenter), found)
            )
            return
        self.context.meeting_papers.extend(found)

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
        if label and label_is(label, NOTE_LABELS):
            text = text.split(":", 1)[-1].strip()
        if not text:
            return
        if self.context.meeting_date is not None and is_cancelled(text):
            self.context.meeting_cancelled = True
        if self.context.block_papers:
            self.context.block_papers[-1].notes.append(text)

    def keep(self, paper: Found) -> None:
        self.papers.append(paper)
        self.context.block_papers.append(paper)

    # -- entries

    def finish(self) -> None:
        self.close_meeting()
        made: dict[int, str | None] = {}
        for paper in self.papers:
            made[id(paper)] = build(self.result, paper)
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
        self.result.comment_lines = len(self.commented_lines())

    def commented_lines(self, limit: int | None = None) -> set[int]:
        """The numbers of the lines inside HTML comments. Many comments can share a line
        (`<!-- a --> b <!-- c -->`), so each line is counted, and later read, once: reading a
        line once per comment on it is quadratic in the line's length."""
        numbers: set[int] = set()
        for first, last in self.comments:
            numbers.update(range(first, (last if limit is None else min(last, limit)) + 1))
        return numbers

    def commented(self, text: str) -> None:
        """Papers inside HTML comments are not imported, and each is named in the report."""
        lines = text.splitlines()
        for number in sorted(self.commented_lines(limit=len(lines))):
            line = lines[number - 1]
            if any(f.ref is not None for f in find_refs(line)):
                self.result.attempt()
                self.result.skip(
                    t("inside an HTML comment, so not imported"),
                    line=number,
                    entry=line.strip()[:80],
                )


def meeting_section(when: date, line: int, cancelled: bool, people: str | None) -> Section:
    return Section(
        meeting_date=when, meeting_line=line, meeting_cancelled=cancelled, meeting_people=people
    )
