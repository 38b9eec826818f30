"""Property tests for the voting engine, plus a naive reference for the pairwise matrix."""

from __future__ import annotations

import random
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.voting import clean_ballot, tally
from bot.core.voting.methods import known

METHODS = known()

RANKED: tuple[str, ...] = ("plurality", "irv", "schulze")


@st.composite
def profiles(
    draw: st.DrawFn, *, min_candidates: int = 1, junk: bool = True
) -> tuple[list[int], list[list[int]]]:
    """Candidates 0..n-1 in a shuffled tie-break order, and partial ballots.

    With ``junk`` some ballots name unknown candidates (100+) or repeat one.
    """
    n = draw(st.integers(min_candidates, 6))
    candidates = draw(st.permutations(range(n)))
    pool = list(range(n)) + ([100, 101] if junk else [])
    ballot = st.lists(st.sampled_from(pool), max_size=n + 2, unique=not junk)
    ballots = draw(st.lists(ballot, max_size=30))
    return list(candidates), ballots


def naive_pairwise(
    ballots: Sequence[Sequence[int]], candidates: Sequence[int]
) -> dict[tuple[int, int], int]:
    known = set(candidates)
    d = {(a, b): 0 for a in candidates for b in candidates if a != b}
    for raw in ballots:
        ballot = clean_ballot(raw, known)
        where = {c: i for i, c in enumerate(ballot)}
        for a in candidates:
            for b in candidates:
                if a != b and a in where and where[a] < where.get(b, len(candidates)):
                    d[(a, b)] += 1
    return d


@given(profiles())
def test_winner_is_a_candidate_and_ranking_is_complete(
    profile: tuple[list[int], list[list[int]]],
) -> None:
    candidates, ballots = profile
    for method in METHODS:
        result = tally(method, ballots, candidates)
        assert result.winner in candidates
        assert sorted(result.ranking) == sorted(candidates)
        assert result.ranking[0] == result.winner
        assert result.total_ballots == len(ballots)


@given(profiles(), st.data())
def test_majority_first_choice_wins(
    profile: tuple[list[int], list[list[int]]], data: st.DataObject
) -> None:
    candidates, ballots = profile
    favourite = data.draw(st.sampled_from(candidates))
    tails = data.draw(
        st.lists(st.permutations(candidates), min_size=len(ballots) + 1, max_size=len(ballots) + 1)
    )
    # len(ballots) + 1 extra ballots with ``favourite`` first: a strict majority of the total.
    extra = [[favourite, *(c for c in tail if c != favourite)] for tail in tails]
    for method in RANKED:
        assert tally(method, ballots + extra, candidates).winner == favourite, method


@given(profiles(min_candidates=2))
def test_condorcet_winner_wins_schulze(profile: tuple[list[int], list[list[int]]]) -> None:
    candidates, ballots = profile
    result = tally("schulze", ballots, candidates)
    d = result.pairwise
    for a in candidates:
        if all(d[(a, b)] > d[(b, a)] for b in candidates if b != a):
            assert result.winner == a


@given(profiles(), st.randoms(use_true_random=False))
def test_ballot_order_does_not_matter(
    profile: tuple[list[int], list[list[int]]], rnd: random.Random
) -> None:
    candidates, ballots = profile
    shuffled = ballots[:]
    rnd.shuffle(shuffled)
    for method in METHODS:
        assert tally(method, ballots, candidates) == tally(method, shuffled, candidates)


@given(profiles(), st.data())
def test_more_support_never_hurts_plurality_or_approval(
    profile: tuple[list[int], list[list[int]]], data: st.DataObject
) -> None:
    candidates, ballots = profile
    methods: tuple[str, ...] = ("plurality", "approval")
    for method in methods:
        winner = tally(method, ballots, candidates).winner
        assert winner is not None
        rest = data.draw(st.lists(st.sampled_from(candidates), unique=True))
        new_ballot = [winner, *(c for c in rest if c != winner)]
        assert tally(method, [*ballots, new_ballot], candidates).winner == winner


@given(profiles())
def test_counts_add_up(profile: tuple[list[int], list[list[int]]]) -> None:
    candidates, ballots = profile
    known = set(candidates)
    cleaned = [clean_ballot(b, known) for b in ballots]
    blank = sum(1 for b in cleaned if not b)
    for method in ("plurality", "irv"):
        result = tally(method, ballots, candidates)
        assert result.blank == blank
        assert sum(result.counts.values()) + blank == len(ballots)
    approval = tally("approval", ballots, candidates)
    assert sum(approval.counts.values()) == sum(len(b) for b in cleaned)
    irv = tally("irv", ballots, candidates)
    previous = 0
    for r in irv.rounds:
        assert sum(r.counts.values()) + r.exhausted == len(ballots)
        assert r.exhausted >= previous
        previous = r.exhausted


@settings(max_examples=200, deadline=None)  # a loaded machine is no counterexample
@given(profiles())
def test_pairwise_matrix_matches_naive_count(profile: tuple[list[int], list[list[int]]]) -> None:
    candidates, ballots = profile
    result = tally("schulze", ballots, candidates)
    assert result.pairwise == naive_pairwise(ballots, candidates)


@given(profiles(min_candidates=2))
def test_schulze_ranking_extends_the_beat_relation(
    profile: tuple[list[int], list[list[int]]],
) -> None:
    candidates, ballots = profile
    result = tally("schulze", ballots, candidates)
    p = result.strongest_paths
    place = {c: i for i, c in enumerate(result.ranking)}
    position = {c: i for i, c in enumerate(candidates)}
    for a in candidates:
        for b in candidates:
            if a != b and p[(a, b)] > p[(b, a)]:
                assert place[a] < place[b]
                assert result.counts[a] > result.counts[b]
    # The winner is unbeaten, and no earlier candidate is unbeaten.
    unbeaten = [a for a in candidates if all(p[(b, a)] <= p[(a, b)] for b in candidates if b != a)]
    assert result.winner == min(unbeaten, key=position.__getitem__)
