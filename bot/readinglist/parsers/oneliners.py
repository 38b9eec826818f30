"""Lists of `Title: one-line take` lines (seed 002). The take becomes the entry's tagline.

Lines are often `Nickname: Real Title: take` ("GPT: Improving Language Understanding…: Decoder is
all you need") or `Nickname; Real Title: take`. The nickname becomes a tag and is dropped from the
title when it is a single word, because most such words are handles people use rather than part of
the paper's title (GPT, T5, InstructGPT). Hyphenated names (Self-Instruct, Q-Transformer) and
multi-word prefixes (Generative Agents, Llama 2) usually are part of the title and stay.
"""

from __future__ import annotations

import re

from bot.core.text import t
from bot.readinglist.ids import find_arxiv_ids
from bot.readinglist.parsers.base import ParseResult, build_entry
from bot.readinglist.parsers.text import split_year, strip_markup

FORMAT = "oneliners"

_LINE_RE = re.compile(r"^[^:\s][^:]{1,250}: \S")
_NICK_RE = re.compile(r"^[\w.+-]{1,40}$")
# Lines are collapsed to single spaces before this runs, so `[ ]?` replaces the `\s*` that made
# a run of spaces quadratic; `\S+` already takes a closing `>` or `)`.
_URL_RE = re.compile(r" ?\(?<?https?://\S+")


def looks_like(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    hits = sum(1 for line in lines if _LINE_RE.match(line))
    return hits >= 3 and hits * 2 >= len(lines)


def _split_title(head: str) -> tuple[str, str | None]:
    """(title, nickname) from everything before the take."""
    nickname: str | None = None
    if "; " in head.split(": ")[0]:
        nickname, head = head.split("; ", 1)
    parts = head.split(": ")
    if nickname is None and len(parts) >= 2:
        first = parts[0]
        dashed = re.match(r"^(\S+)\s+[–—-]\s+(.+)$", first)
        if dashed:
            nickname, parts[0] = dashed.group(1), dashed.group(2)
        elif " " not in first and "-" not in first:
            nickname, parts = first, parts[1:]
    return ": ".join(parts).strip(), nickname


def parse(text: str, *, source: str) -> ParseResult:
    result = ParseResult(source=source, format=FORMAT)
    in_bibtex = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = " ".join(raw.split()).lstrip("-*•").strip()
        # A citation block for the list itself sits at the end of seed 002; it is not a paper.
        if line.startswith("@") and "{" in line:
            in_bibtex = True
        if in_bibtex:
            in_bibtex = line != "}"
            continue
        if not _LINE_RE.match(line):
            continue
        arxiv_ids = find_arxiv_ids(line)
        line = _URL_RE.sub("", line).strip()
        parts = line.split(": ")
        if len(parts) < 2:
            continue
        take = parts[-1].strip()
        title, nickname = _split_title(": ".join(parts[:-1]))
        if not title:
            # "Nickname: take": the nickname is all we have.
            title, nickname = nickname or "", None
        title, year = split_year(strip_markup(title))
        tags = [nickname] if nickname and _NICK_RE.match(nickname) else []
        build_entry(
            result,
            line=number,
            title=title,
            year=year,
            arxiv_id=arxiv_ids[0] if arxiv_ids else None,
            tags=tags,
            tagline=strip_markup(take),
        )
    if not result.entries and not result.problems:
        result.problem(t("no papers found: expected lines like 'Title: one-line summary'"))
    return result
