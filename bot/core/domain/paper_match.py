"""Is this the same paper? The one rule for /suggest, reading-list imports and storage.

Ids first: the same arXiv id (its version aside) or DOI (case aside) is the same paper, and two
different arXiv ids are two papers however alike their titles. Otherwise the titles decide,
compared by their words (case, punctuation and spacing aside) with common abbreviations spelled
out ("Training a LM…" is "Training a Language Model…"):

- equal, also once a short "Nickname:" prefix is dropped from a long title, or when one title
  is just the other's nickname ("BERT" and "BERT: Pre-training of…");
- or near-identical: a similarity of at least `SIMILAR` (out of 100) over the sorted words,
  with the same numbers in both, and from years at most one apart when both are known.

The similarity is the normalised Indel similarity (2 × longest common subsequence / total
length), computed here in pure Python because the core imports no third-party library. It is the
measure rapidfuzz calls `fuzz.ratio`, so a bulk caller (an import of thousands of entries) may
narrow the candidates with rapidfuzz first and confirm each with `match` — the rule itself stays
here, and a test keeps the two measures equal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol, TypeVar

# High enough that "Scaling Laws for Neural LMs" and "Scaling Laws for Autoregressive Generative
# Modeling" stay apart, low enough for punctuation, plurals and a typo.
SIMILAR = 92.0
_NICKNAME_WORDS = 3  # "BERT:", "Big Bird:", "Chain of Thought:"
_MIN_SUBTITLE_WORDS = 4  # "X: Y" is only a nickname X when Y could stand as a title
_MIN_NICKNAME = 3  # characters: "T5" is too short to name a paper by itself
_NON_WORD = re.compile(r"[^\w\s]")
_VERSION = re.compile(r"v\d+$")
_NUMBER = re.compile(r"\d+")
# Reading lists and members abbreviate titles ("Training a LM…", "A Guide to PEFT"); comparing
# the spelled-out forms lets those match the real title without loosening the threshold.
ABBREVIATIONS = {
    "lm": "language model",
    "lms": "language models",
    "llm": "large language model",
    "llms": "large language models",
    "peft": "parameter efficient fine tuning",
    "nmt": "neural machine translation",
    "rl": "reinforcement learning",
}


class Citable(Protocol):
    """What the rule reads of a paper: the core's `Paper` and an imported entry both fit."""

    @property
    def title(self) -> str: ...
    @property
    def year(self) -> int | None: ...
    @property
    def arxiv_id(self) -> str | None: ...
    @property
    def doi(self) -> str | None: ...


P = TypeVar("P", bound=Citable)


def normalize_title(title: str) -> str:
    """Lower-case, punctuation to spaces, spaces collapsed: a title by its words."""
    return " ".join(_NON_WORD.sub(" ", title.casefold()).split())


def title_key(title: str) -> str:
    """The form titles are compared in: normalised, with abbreviations spelled out."""
    return " ".join(ABBREVIATIONS.get(word, word) for word in normalize_title(title).split())


def sorted_words(key: str) -> str:
    """What the similarity compares, so word order does not count ("GANs, Generative…")."""
    return " ".join(sorted(key.split()))


def arxiv_key(arxiv_id: str | None) -> str | None:
    return _VERSION.sub("", arxiv_id.strip().casefold()) if arxiv_id else None


def doi_key(doi: str | None) -> str | None:
    return doi.strip().casefold() if doi else None


def _nickname(title: str) -> tuple[str, str] | None:
    """("bert", "pre training of …") for "BERT: Pre-training of …", else None."""
    head, sep, rest = title.partition(":")
    if not sep or not 1 <= len(head.split()) <= _NICKNAME_WORDS:
        return None
    head_key, rest_key = title_key(head), title_key(rest)
    if len(rest_key.split()) < _MIN_SUBTITLE_WORDS:
        return None
    return head_key, rest_key


def title_keys(title: str) -> set[str]:
    """Keys under which a title is found exactly: itself, and its part after a nickname."""
    keys = {title_key(title)}
    parts = _nickname(title)
    if parts is not None:
        keys.add(parts[1])
    keys.discard("")
    return keys


def nickname_key(title: str) -> str | None:
    """The nickname a title can be called by alone ("bert"), if it has one long enough."""
    parts = _nickname(title)
    return parts[0] if parts is not None and len(parts[0]) >= _MIN_NICKNAME else None


def lcs_length(a: str, b: str) -> int:
    """Length of the longest common subsequence, bit-parallel (Hyyrö 2004): one big-integer
    step per character of `b`, so long titles stay cheap without a C extension."""
    if not a or not b:
        return 0
    masks: dict[str, int] = {}
    for index, char in enumerate(a):
        masks[char] = masks.get(char, 0) | (1 << index)
    full = (1 << len(a)) - 1
    row = full
    for char in b:
        matches = row & masks.get(char, 0)
        row = ((row + matches) | (row - matches)) & full
    return len(a) - row.bit_count()


def similarity(a: str, b: str) -> float:
    """Normalised Indel similarity of two strings, 0 to 100 (rapidfuzz's `fuzz.ratio`)."""
    total = len(a) + len(b)
    if total == 0:
        return 100.0
    return 100.0 * 2 * lcs_length(a, b) / total


def title_score(a: str, b: str) -> float:
    """How closely two titles match, 0 to 100: 100 when the rule finds them equal (also by
    nickname), else their similarity over the sorted words of their keys."""
    left, right = title_key(a), title_key(b)
    if not left or not right:
        return 0.0
    if title_keys(a) & title_keys(b) or left == nickname_key(b) or right == nickname_key(a):
        return 100.0
    if sorted(_NUMBER.findall(left)) != sorted(_NUMBER.findall(right)):
        # "Paper number 4" and "Paper number 14", GPT-2 and GPT-3: one digit apart, two papers.
        return 0.0
    return similarity(sorted_words(left), sorted_words(right))


def _years_close(a: Citable, b: Citable) -> bool:
    return a.year is None or b.year is None or abs(a.year - b.year) <= 1


def match(a: Citable, b: Citable) -> str | None:
    """Why `a` and `b` are the same paper ("arXiv id", "DOI", "title", "similar title"), or
    None when they are not."""
    left_arxiv, right_arxiv = arxiv_key(a.arxiv_id), arxiv_key(b.arxiv_id)
    if left_arxiv and left_arxiv == right_arxiv:
        return "arXiv id"
    left_doi = doi_key(a.doi)
    if left_doi and left_doi == doi_key(b.doi):
        return "DOI"
    if left_arxiv and right_arxiv:
        return None  # two different arXiv ids are two papers, however alike the titles
    if not _years_close(a, b):
        return None
    score = title_score(a.title, b.title)
    if score >= 100.0:
        return "title"
    return "similar title" if score >= SIMILAR else None


def same_paper(a: Citable, b: Citable) -> bool:
    return match(a, b) is not None


def same_title(a: str, b: str) -> bool:
    """Whether two titles name one paper by the title rule alone (ids and years aside): how an
    import decides that a source's title is the same words as the list's, only cased better."""
    return title_score(a, b) >= SIMILAR


def family_name(author: str) -> str:
    """ "Vaswani" from "Ashish Vaswani", "Vaswani, Ashish" or "A. Vaswani", normalised."""
    name = author.split(",", 1)[0] if "," in author else (author.split() or [""])[-1]
    return normalize_title(name)


def authors_agree(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether two author lists share a family name; True when either list is empty (unknown)."""
    left = {family_name(x) for x in a} - {""}
    right = {family_name(x) for x in b} - {""}
    return not left or not right or bool(left & right)


def found_by_title(
    wanted: Citable,
    found: Citable,
    wanted_authors: Iterable[str] = (),
    found_authors: Iterable[str] = (),
) -> bool:
    """Whether a search result (arXiv, Crossref) is the paper a list named by title only:
    `same_paper` (so the years agree when both are known), and the authors share a family name
    when both lists name some. A title that is only the result's nickname ("BERT" for "BERT:
    Pre-training of…") names many papers, so it also needs a known year or author to agree."""
    wanted_authors, found_authors = list(wanted_authors), list(found_authors)
    if not same_paper(wanted, found) or not authors_agree(wanted_authors, found_authors):
        return False
    if title_key(wanted.title) not in title_keys(found.title) and title_key(
        wanted.title
    ) == nickname_key(found.title):
        has_year = wanted.year is not None and found.year is not None
        has_author = bool(wanted_authors) and bool(found_authors)
        return has_year or has_author
    return True


def best_title_match(title: str, papers: Iterable[P]) -> P | None:
    """The paper that `title` (typed by a member: no year, no id) names, else None."""
    best: tuple[float, P] | None = None
    for paper in papers:
        score = title_score(title, paper.title)
        if score >= SIMILAR and (best is None or score > best[0]):
            best = (score, paper)
    return best[1] if best else None
