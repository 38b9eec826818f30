"""Ranked paper search, shared by /papers, /paper <title> and the adapters' autocomplete."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.core.domain.papers import Paper

_WORD = re.compile(r"\w+")
# Letters that NFKD leaves whole (they are letters of their own, not a letter with an accent),
# spelled as people type them without: "kaiser" finds Łukasz Kaiser, "odegaard" Ødegaard.
_UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ı": "i",
        "ŀ": "l",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ŧ": "t",
        "ƒ": "f",
    }
)


def fold(text: str) -> str:
    """Case and accents aside: "Łukasz Müller" → "lukasz muller" (casefold, NFKD without the
    combining marks, and the letters NFKD does not decompose)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Recomposed, so scripts NFKD splits without accents (Hangul into jamo) stay as typed.
    return unicodedata.normalize("NFC", bare)


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@dataclass(frozen=True, slots=True)
class _Scored:
    score: float
    order: int
    paper: Paper


def score(paper: Paper, query: str) -> float:
    """How well `paper` matches `query`; 0 means no match.

    Every query word must match the start of some word in the title, authors, tags, slug or
    arXiv id, so "att need" finds "Attention Is All You Need". Title matches weigh most.
    """
    terms = _words(query)
    if not terms:
        return 0.0
    q = fold(query.strip())
    # An exact id wins outright: a slug (autocomplete's value), an arXiv id, a DOI, a number.
    if q in {
        paper.slug,
        (paper.arxiv_id or "").casefold(),
        (paper.doi or "").casefold(),
        str(paper.id),
    }:
        return 1000.0
    title = _words(paper.title)
    fields = (
        (title, 3.0),
        (_words(" ".join(paper.tags)), 2.0),
        (_words(paper.tagline or ""), 1.0),
        (_words(" ".join(paper.authors)), 1.5),
        (_words(paper.slug.replace("-", " ")), 1.0),
    )
    total = 0.0
    for term in terms:
        best = max(
            (
                weight * (1.5 if term in words else 1.0)
                for words, weight in fields
                if _prefix_hit(term, words)
            ),
            default=0.0,
        )
        if best == 0.0:
            return 0.0
        total += best
    title_text = fold(paper.title)
    if title_text.startswith(q):
        total += 10.0
    elif q in title_text:
        total += 5.0
    return total


def _prefix_hit(term: str, words: Iterable[str]) -> bool:
    return any(word.startswith(term) for word in words)


def search(papers: Sequence[Paper], query: str, limit: int | None = None) -> list[Paper]:
    """Papers matching `query`, best first; ties keep the input (reading) order."""
    scored = [
        _Scored(s, index, paper)
        for index, paper in enumerate(papers)
        if (s := score(paper, query)) > 0
    ]
    scored.sort(key=lambda item: (-item.score, item.order))
    found = [item.paper for item in scored]
    return found if limit is None else found[:limit]
