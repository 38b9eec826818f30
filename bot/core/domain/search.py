"""Ranked paper search, shared by /papers, /paper <title> and the adapters' autocomplete."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.core.domain.papers import Paper

_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


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
    q = query.strip().casefold()
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
    if paper.title.casefold().startswith(q):
        total += 10.0
    elif q in paper.title.casefold():
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
