"""Schulze (beat-path) method over possibly partial rankings.

A ranked candidate is preferred to every candidate ranked below it *and* to
every unranked candidate; unranked candidates are equal to one another.
Link strength is *winning votes*: ``d[a][b]`` if ``d[a][b] > d[b][a]``, else
0.  (With complete rankings this agrees with the margins variant.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from itertools import accumulate, chain
from operator import add, or_

from bot.core.text import t
from bot.core.voting.ballots import Ballot, BallotSet, C
from bot.core.voting.result import TallyResult, join_names


def pairwise_matrix(ballots: BallotSet[C]) -> list[list[int]]:
    """``d[i][j]`` = number of ballots ranking candidate ``i`` above candidate ``j`` (by index).

    A ballot ranks ``a`` above exactly the candidates missing from its prefix
    up to and including ``a``.  So we count ``(candidate, prefix-set bitmask)``
    keys: there are at most ``n·2^(n-1)`` of them however many ballots come
    in, and the per-ballot work is done by C-level iterators.
    """
    n = len(ballots.candidates)
    # Key = prefix mask plus the candidate's index shifted above the mask bits: a plain
    # int hashes much faster than a (candidate, mask) tuple, and it stays unique.
    bit_of = {c: 1 << i for i, c in enumerate(ballots.candidates)}.__getitem__
    tag_of = {c: i << n for i, c in enumerate(ballots.candidates)}.__getitem__

    def prefixes(ballot: Ballot[C]) -> Iterator[int]:
        return map(add, accumulate(map(bit_of, ballot), or_), map(tag_of, ballot))

    keys: Counter[int] = Counter()
    grouped = ballots.grouped
    keys.update(chain.from_iterable(prefixes(b) for b, w in grouped.items() if w == 1))
    for ballot, weight in grouped.items():
        if weight > 1:
            for key in prefixes(ballot):
                keys[key] += weight

    d = [[0] * n for _ in range(n)]
    full = (1 << n) - 1
    for key, weight in keys.items():
        row = d[key >> n]
        rest = full & ~key
        while rest:
            low = rest & -rest
            row[low.bit_length() - 1] += weight
            rest ^= low
    return d


def strongest_paths(d: list[list[int]]) -> list[list[int]]:
    """Widest-path strengths (Floyd–Warshall variant) under winning votes."""
    n = len(d)
    p = [[d[i][j] if i != j and d[i][j] > d[j][i] else 0 for j in range(n)] for i in range(n)]
    for k in range(n):
        pk = p[k]
        for i in range(n):
            if i == k:
                continue
            pik = p[i][k]
            if not pik:
                continue
            pi = p[i]
            for j in range(n):
                if j != i and j != k:
                    via = pik if pik < pk[j] else pk[j]
                    if via > pi[j]:
                        pi[j] = via
    return p


def count_schulze(ballots: BallotSet[C], describe: Callable[[C], str]) -> TallyResult[C]:
    """Rank by the Schulze relation; tied candidates are ordered by tie-break order.

    ``a`` beats ``b`` when ``p[a][b] > p[b][a]``.  That relation is a strict
    partial order, so we take candidates one at a time: among those not beaten
    by anyone still unplaced, the earliest in tie-break order goes next.
    """
    cands = ballots.candidates
    n = len(cands)
    d = pairwise_matrix(ballots)
    p = strongest_paths(d)
    beats = [[p[i][j] > p[j][i] for j in range(n)] for i in range(n)]

    notes: list[str] = []
    unplaced = list(range(n))
    order: list[int] = []
    while unplaced:
        unbeaten = [i for i in unplaced if not any(beats[j][i] for j in unplaced)]
        chosen = unbeaten[0]
        if len(unbeaten) > 1:
            names = join_names([describe(cands[i]) for i in unbeaten])
            if len(unbeaten) == 2:
                a, b = unbeaten
                why = t("strongest paths {strength} each way", strength=p[a][b])
            else:
                why = t("equal strongest paths between each pair")
            if not order:
                notes.append(
                    t(
                        "Schulze: {names} tied ({why}); {first} wins because it is earliest in "
                        "the tie-break order.",
                        names=names,
                        why=why,
                        first=describe(cands[chosen]),
                    )
                )
            else:
                notes.append(
                    t(
                        "Schulze: {names} tied for place {place} ({why}); {first} is ranked "
                        "first among them by tie-break order.",
                        names=names,
                        place=len(order) + 1,
                        why=why,
                        first=describe(cands[chosen]),
                    )
                )
        order.append(chosen)
        unplaced.remove(chosen)

    ranking = [cands[i] for i in order]
    wins = {cands[i]: sum(beats[i]) for i in range(n)}
    pairwise = {(cands[i], cands[j]): d[i][j] for i in range(n) for j in range(n) if i != j}
    paths = {(cands[i], cands[j]): p[i][j] for i in range(n) for j in range(n) if i != j}
    return TallyResult(
        method="schulze",
        winner=ranking[0] if ranking else None,
        ranking=ranking,
        counts=wins,
        total_ballots=ballots.total,
        blank=ballots.blank,
        pairwise=pairwise,
        strongest_paths=paths,
        tie_break=notes,
    )
