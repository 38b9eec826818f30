"""Ballot clean-up and grouping shared by every counting method.

Counting is done over *distinct* ballots with a multiplicity, because real
votes repeat a lot and the big benchmark profiles repeat even more; every
method then costs time proportional to the number of distinct ballots.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

C = TypeVar("C", bound=Hashable)

Ballot = tuple[C, ...]


@dataclass(frozen=True, slots=True)
class BallotSet(Generic[C]):
    """Cleaned ballots grouped by content.

    ``grouped`` maps each distinct cleaned ballot to how many voters cast it.
    Blank ballots (nothing known left after clean-up) are kept under the key
    ``()`` so that they still count towards ``total``.
    """

    candidates: tuple[C, ...]
    position: dict[C, int]
    grouped: dict[Ballot[C], int]
    total: int

    @property
    def blank(self) -> int:
        """Number of ballots that support no known candidate."""
        return self.grouped.get((), 0)


def clean_ballot(ballot: Sequence[C], known: set[C] | frozenset[C]) -> Ballot[C]:
    """Drop unknown candidates and repeated mentions, keeping first occurrences in order."""
    seen: set[C] = set()
    kept: list[C] = []
    for candidate in ballot:
        if candidate in known and candidate not in seen:
            seen.add(candidate)
            kept.append(candidate)
    return tuple(kept)


def prepare(ballots: Iterable[Sequence[C]], candidates: Sequence[C]) -> BallotSet[C]:
    """Validate ``candidates``, clean every ballot and group identical ones.

    Raises ``ValueError`` if ``candidates`` names the same candidate twice,
    because the tie-break order would then be ambiguous.
    """
    cands = tuple(candidates)
    position = {c: i for i, c in enumerate(cands)}
    if len(position) != len(cands):
        raise ValueError("candidates must be distinct")
    known = frozenset(cands)

    # Group raw ballots first: the clean-up below then runs once per distinct ballot.
    raw: Counter[Ballot[C]] = Counter(map(tuple, ballots))
    total = raw.total()

    # Almost every real ballot is already clean; only rebuild the mapping when one is not.
    dirty = [b for b in raw if len(seen := set(b)) != len(b) or not seen <= known]
    if not dirty:
        return BallotSet(cands, position, dict(raw), total)

    grouped: dict[Ballot[C], int] = dict(raw)
    for b in dirty:
        weight = grouped.pop(b)
        cleaned = clean_ballot(b, known)
        grouped[cleaned] = grouped.get(cleaned, 0) + weight
    return BallotSet(cands, position, grouped, total)
