"""Instant-runoff voting over possibly partial rankings.

Each ballot sits on the pile of its highest-ranked candidate still in the
race.  A candidate holding a strict majority of the *continuing* ballots
(those not yet exhausted) is elected; otherwise the candidate with the fewest
votes is eliminated and only its pile is redistributed.  Moving just that
pile keeps the whole count linear in the total length of the distinct
ballots instead of recounting every ballot every round.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from bot.core.text import t
from bot.core.voting.ballots import Ballot, BallotSet, C
from bot.core.voting.result import Round, TallyResult, join_names, plural


def count_irv(ballots: BallotSet[C], describe: Callable[[C], str]) -> TallyResult[C]:
    """Run IRV rounds until someone has a majority of continuing votes or is last remaining.

    Ties for last place eliminate the candidate latest in the tie-break order.
    """
    candidates = ballots.candidates
    if not candidates:
        return TallyResult("irv", None, [], {}, ballots.total, ballots.blank)

    piles: dict[C, list[tuple[Ballot[C], int, int]]] = {c: [] for c in candidates}
    votes = dict.fromkeys(candidates, 0)
    exhausted = 0
    for ballot, weight in ballots.grouped.items():
        if ballot:
            piles[ballot[0]].append((ballot, weight, 0))
            votes[ballot[0]] += weight
        else:
            exhausted += weight
    first_preferences = dict(votes)

    remaining = list(candidates)  # stays in tie-break order
    out: set[C] = set()
    eliminated_order: list[C] = []
    rounds: list[Round[C]] = []
    notes: list[str] = []
    number = 1
    while True:
        round_counts = {c: votes[c] for c in remaining}
        continuing = sum(round_counts.values())
        # max() keeps the first of equal maxima, i.e. the earliest in tie-break order.
        leader = max(remaining, key=votes.__getitem__)
        if 2 * votes[leader] > continuing or len(remaining) == 1:
            winner = leader
            if len(remaining) == 1:
                summary = t("{name} is the last candidate remaining.", name=describe(leader))
            else:
                summary = t(
                    "{name} has a majority: {votes} of {continuing}.",
                    name=describe(leader),
                    votes=votes[leader],
                    continuing=plural(continuing, "continuing vote"),
                )
            rounds.append(Round(number, round_counts, exhausted, elected=leader, summary=summary))
            break

        fewest = min(round_counts.values())
        tied = [c for c in remaining if votes[c] == fewest]
        loser = tied[-1]
        if len(tied) > 1:
            notes.append(
                t(
                    "IRV round {number}: {names} tied on {votes} for last place; {loser} is "
                    "eliminated because it is latest in the tie-break order.",
                    number=number,
                    names=join_names([describe(c) for c in tied]),
                    votes=plural(fewest, "vote"),
                    loser=describe(loser),
                )
            )
        rounds.append(
            Round(
                number,
                round_counts,
                exhausted,
                eliminated=loser,
                summary=t(
                    "{name} is eliminated with {votes}.",
                    name=describe(loser),
                    votes=plural(fewest, "vote"),
                ),
            )
        )
        remaining.remove(loser)
        out.add(loser)
        eliminated_order.append(loser)
        for ballot, weight, pos in piles.pop(loser):
            pos += 1
            size = len(ballot)
            while pos < size and ballot[pos] in out:
                pos += 1
            if pos < size:
                nxt = ballot[pos]
                piles[nxt].append((ballot, weight, pos))
                votes[nxt] += weight
            else:
                exhausted += weight
        number += 1

    # Candidates still standing when a majority ended the count rank by final-round votes.
    others = sorted((c for c in remaining if c != winner), key=lambda c: -votes[c])
    for score, group_iter in groupby(others, key=votes.__getitem__):
        group = list(group_iter)
        if len(group) > 1:
            notes.append(
                t(
                    "IRV final round: {names} tied on {votes} behind the winner; they are ranked "
                    "in tie-break order.",
                    names=join_names([describe(c) for c in group]),
                    votes=plural(score, "vote"),
                )
            )
    ranking = [winner, *others, *reversed(eliminated_order)]
    return TallyResult(
        method="irv",
        winner=winner,
        ranking=ranking,
        counts=first_preferences,
        total_ballots=ballots.total,
        blank=ballots.blank,
        rounds=rounds,
        tie_break=notes,
    )
