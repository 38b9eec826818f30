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
child process like every other parser. The reader's parts live in parsers/md/.
"""

from __future__ import annotations

import re

from bot.core.text import t
from bot.readinglist.paperlinks import find_refs
from bot.readinglist.parsers.base import ParseResult
from bot.readinglist.parsers.md.inline import Piece, inline_lines, split_refs, strip_comments
from bot.readinglist.parsers.md.reader import Reader
from bot.readinglist.parsers.md.words import YEAR_PAREN_RE

FORMAT = "markdown"


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
            elif item.startswith(("**", "__")) or YEAR_PAREN_RE.search(item[:400]):
                titled_items += 1
        if "/" in line or ":" in line:
            for found in find_refs(line):
                if found.ref is not None:
                    keys.add(found.ref.key)
        if len(keys) >= 2:
            return True
    return (bool(keys) and structured) or link_items >= 2 or titled_items >= 3


def parse(text: str, *, source: str) -> ParseResult:
    from markdown_it import MarkdownIt

    result = ParseResult(source=source, format=FORMAT)
    visible, comments = strip_comments(text)
    reader = Reader(result, comments)
    tokens = (
        MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).parse(visible)
    )
    depth = 0  # list nesting
    header: list[str] = []
    cells: list[list[Piece]] = []
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
                lines = inline_lines(token)
                cells.append(split_refs([p for ln in lines for p in (*ln, Piece("text", " "))]))
            else:
                reader.inline(token, line, kind="item" if depth else "paragraph")
    reader.finish()
    reader.commented(text)
    if not result.entries and not result.problems and not result.skipped:
        result.problem(
            t(
                "no papers found: expected links to papers, e.g. '- [Title](https://arxiv.org/abs/…)'"
            )
        )
    return result
