"""Markdown inline tokens as pieces of text, links and the paper refs inside them.

A line of a list item, paragraph or table cell becomes a list of `Piece`s: text, a link (with
its href) or a paper ref found in the text (a bare URL or `arXiv:` id). Emphasis and
strikethrough are kept on each piece, so a struck-through week or a `**Title**` can be told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.readinglist.paperlinks import PaperRef, find_refs, is_not_paper, paper_ref


@dataclass
class Piece:
    kind: str  # "text", "link" or "ref"
    text: str
    href: str = ""
    ref: PaperRef | None = None
    strong: bool = False
    struck: bool = False


def strip_comments(text: str) -> tuple[str, list[tuple[int, int]]]:
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


def inline_lines(token: Any) -> list[list[Piece]]:
    """An inline token's content as lines of pieces (soft and hard breaks end a line)."""
    lines: list[list[Piece]] = [[]]
    strong = struck = 0
    link: Piece | None = None
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
            link = Piece("link", "", str(child.attrs.get("href", "")), strong=bool(strong))
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
                    Piece("text", child.content, strong=bool(strong), struck=bool(struck))
                )
        elif kind == "html_inline" and link is None:
            content = child.content
            if content.lower().startswith("<br"):
                lines.append([])
    return [line for line in lines if line]


def split_refs(pieces: list[Piece]) -> list[Piece]:
    """Text pieces cut at the URLs and ids they contain; links given the paper they point at."""
    out: list[Piece] = []
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
                    Piece(
                        "text",
                        piece.text[position : found.start],
                        strong=piece.strong,
                        struck=piece.struck,
                    )
                )
            out.append(
                Piece(
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
                Piece("text", piece.text[position:], strong=piece.strong, struck=piece.struck)
            )
    return out


def text_of(pieces: list[Piece]) -> str:
    return " ".join("".join(p.text for p in pieces if p.kind == "text").split())


def page_link(href: str) -> bool:
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "/", "./", "../")):
        return False
    if not re.match(r"^(?:https?://|www\.)", href, re.IGNORECASE):
        return False
    return not is_not_paper(href)
