"""Cross-check against pref_voting on seeded random profiles of complete rankings.

pref_voting breaks no ties (it returns winner sets), so we assert our winner is
inside its set, and equal to it when the set is a singleton.  For IRV the set
comes from parallel-universe tie-breaking, which contains the winner of every
elimination order, ours included.  pref_voting calls Schulze "beat path"; it
uses margins, which order links exactly like winning votes when every ballot
ranks every candidate.
"""

from __future__ import annotations

import random

import pytest
from pref_voting.profiles import Profile
from pref_voting.voting_methods import beat_path, instant_runoff, instant_runoff_put, plurality

from bot.core.voting import tally

N_PROFILES = 200


def random_profiles() -> list[tuple[int, list[tuple[int, ...]]]]:
    rng = random.Random(20240611)
    out = []
    for _ in range(N_PROFILES):
        n = rng.randint(2, 7)
        # Few distinct rankings per profile, so majorities and ties both actually occur.
        menu = [tuple(rng.sample(range(n), n)) for _ in range(rng.randint(1, 8))]
        ballots = [rng.choice(menu) for _ in range(rng.randint(1, 60))]
        out.append((n, ballots))
    return out


PROFILES = random_profiles()


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [("plurality", plurality), ("irv", instant_runoff_put), ("schulze", beat_path)],
)
def test_winner_agrees_with_pref_voting(ours: str, theirs: object) -> None:
    unique = 0
    for n, ballots in PROFILES:
        candidates = list(range(n))
        expected = list(theirs(Profile([list(b) for b in ballots])))  # type: ignore[operator]
        result = tally(ours, ballots, candidates)  # type: ignore[arg-type]
        assert result.winner in expected, (n, ballots)
        if len(expected) == 1:
            unique += 1
            assert result.winner == expected[0]
    # The comparison is only meaningful if most profiles have a clear winner.
    assert unique > N_PROFILES // 2


def test_irv_without_ties_matches_plain_instant_runoff() -> None:
    for n, ballots in PROFILES:
        result = tally("irv", ballots, list(range(n)))
        if result.tie_break:
            continue  # pref_voting drops all tied losers at once; only tie-free runs must match
        assert list(instant_runoff(Profile([list(b) for b in ballots]))) == [result.winner]
