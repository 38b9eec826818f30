"""Is this the same paper? Title comparison for de-duplicating suggestions, stdlib only."""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher

from bot.core.domain.papers import Paper

# High enough that "Scaling Laws for Neural LMs" and "Scaling Laws for Autoregressive
# Generative Modeling" stay apart, low enough for punctuation, plurals and a typo.
SIMILAR = 0.9
_NON_WORD = re.compile(r"[^\w\s]")


def normalize(title: str) -> str:
    return " ".join(_NON_WORD.sub(" ", title.casefold()).split())


def _keys(title: str) -> set[str]:
    """The title, and for "BERT: Pre-training of …" also "bert" and the part after the colon."""
    keys = {normalize(title)}
    head, sep, rest = title.partition(":")
    if sep and len(head.split()) <= 3:
        keys |= {normalize(head), normalize(rest)}
    keys.discard("")
    return keys


def similarity(a: str, b: str) -> float:
    left, right = normalize(a), normalize(b)
    if not left or not right:
        return 0.0
    if left == right or (
        min(len(left), len(right)) >= 3 and (left in _keys(b) or right in _keys(a))
    ):
        return 1.0
    return SequenceMatcher(None, left, right).ratio()


def same_paper(a: Paper, b: Paper) -> bool:
    """Same arXiv id or DOI, or near-identical titles from years at most one apart."""
    if a.arxiv_id and a.arxiv_id == b.arxiv_id:
        return True
    if a.doi and b.doi and a.doi.casefold() == b.doi.casefold():
        return True
    if a.arxiv_id and b.arxiv_id:
        return False  # two different arXiv ids are two papers, however alike the titles
    years_close = a.year is None or b.year is None or abs(a.year - b.year) <= 1
    return years_close and similarity(a.title, b.title) >= SIMILAR


def best_title_match(title: str, papers: Iterable[Paper]) -> Paper | None:
    """The paper whose title `title` names (exactly, by nickname, or nearly), else None."""
    best: tuple[float, Paper] | None = None
    for paper in papers:
        score = similarity(title, paper.title)
        if score >= SIMILAR and (best is None or score > best[0]):
            best = (score, paper)
    return best[1] if best else None
