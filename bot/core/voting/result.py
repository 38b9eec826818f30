"""Result types returned by :func:`bot.core.voting.tally`, plus the shared ranking helpers."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, Generic

from bot.core.text import t
from bot.core.voting.ballots import C
from bot.core.wording import join_names, plural

__all__ = ["Round", "TallyResult", "join_names", "plural", "rank_by_score"]


@dataclass(frozen=True, slots=True)
class Round(Generic[C]):
    """One IRV round.

    ``counts`` covers only the candidates still in the race this round.
    ``exhausted`` is the number of ballots (blank ones included) that support
    none of them. Exactly one of ``eliminated`` / ``elected`` is set.
    """

    number: int
    counts: dict[C, int]
    exhausted: int
    eliminated: C | None = None
    elected: C | None = None
    summary: str = ""


@dataclass(frozen=True, slots=True)
class TallyResult(Generic[C]):
    """The outcome of a count.

    ``counts`` means:

    * plurality, IRV: first-preference votes;
    * approval: approvals;
    * schulze: the number of other candidates this one beats by strongest
      path (the Schulze relation, not head-to-head Copeland wins).  That
      relation is transitive, so whoever beats ``b`` also has more wins than
      ``b``; candidates it cannot separate keep tie-break order in
      ``ranking`` even when one of them has more wins.

    ``pairwise[(a, b)]`` (Schulze only) is how many ballots rank ``a`` above
    ``b``; ``strongest_paths[(a, b)]`` is the widest-path strength from ``a``
    to ``b`` under the winning-votes measure.
    """

    method: str  # a registered method's key (bot.core.voting.methods)
    winner: C | None
    ranking: list[C]
    counts: dict[C, int]
    total_ballots: int
    blank: int = 0
    rounds: list[Round[C]] = field(default_factory=list)
    pairwise: dict[tuple[C, C], int] = field(default_factory=dict)
    strongest_paths: dict[tuple[C, C], int] = field(default_factory=dict)
    tie_break: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable view; mapping keys become ``str(candidate)``."""
        return {
            "method": self.method,
            "winner": _json_value(self.winner),
            "ranking": [_json_value(c) for c in self.ranking],
            "counts": {str(c): n for c, n in self.counts.items()},
            "total_ballots": self.total_ballots,
            "blank": self.blank,
            "rounds": [
                {
                    "round": r.number,
                    "counts": {str(c): n for c, n in r.counts.items()},
                    "exhausted": r.exhausted,
                    "eliminated": _json_value(r.eliminated),
                    "elected": _json_value(r.elected),
                    "summary": r.summary,
                }
                for r in self.rounds
            ],
            "pairwise": _nested(self.pairwise),
            "strongest_paths": _nested(self.strongest_paths),
            "tie_break": list(self.tie_break),
        }


def _json_value(value: object) -> object:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _nested(matrix: Mapping[tuple[C, C], int]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for (a, b), n in matrix.items():
        out.setdefault(str(a), {})[str(b)] = n
    return out


def rank_by_score(
    scores: Mapping[C, int],
    candidates: Sequence[C],
    describe: Callable[[C], str],
    label: str,
    unit: str,
) -> tuple[list[C], list[str]]:
    """Order candidates by score (highest first), ties in tie-break order.

    ``candidates`` must already be in tie-break order; a stable sort then
    does the tie-breaking.  Returns the ranking and one note per tied group.
    """
    ranking = sorted(candidates, key=lambda c: -scores[c])
    notes: list[str] = []
    first = True
    for score, group_iter in groupby(ranking, key=lambda c: scores[c]):
        group = list(group_iter)
        if len(group) > 1:
            names = join_names([describe(c) for c in group])
            if first:
                notes.append(
                    t(
                        "{method}: {names} tied on {score}; {first} wins because it is earliest "
                        "in the tie-break order.",
                        method=label,
                        names=names,
                        score=plural(score, unit),
                        first=describe(group[0]),
                    )
                )
            else:
                notes.append(
                    t(
                        "{method}: {names} tied on {score}; they are ranked in tie-break order.",
                        method=label,
                        names=names,
                        score=plural(score, unit),
                    )
                )
        first = False
    return ranking, notes
