"""100,000 ballots over 10 candidates: the bot's IRV and Schulze, and pref_voting's for scale."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from bot.bench.common import SEED
from bot.bench.results import Figure, Row
from bot.core.voting import tally

IRV_TARGET_S = 0.5
SPEEDUP_TARGET = 10.0
CANDIDATES = 10


def ballots(count: int, candidates: int = CANDIDATES) -> list[tuple[int, ...]]:
    """Full rankings drawn around a few popular orders, so counts are not a plain tie."""
    pick = random.Random(SEED)
    weights = [1.0 / (1 + c) for c in range(candidates)]
    found: list[tuple[int, ...]] = []
    for _ in range(count):
        pool = list(range(candidates))
        ranking: list[int] = []
        while pool:
            chosen = pick.choices(pool, [weights[c] for c in pool])[0]
            pool.remove(chosen)
            ranking.append(chosen)
        found.append(tuple(ranking))
    return found


def _best(run: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def measure(count: int) -> Row:
    row = Row("tally", f"{count:,} ballots over {CANDIDATES} candidates")
    profile = ballots(count)
    candidates = list(range(CANDIDATES))
    irv_s, irv = _best(lambda: tally("irv", profile, candidates))
    schulze_s, schulze = _best(lambda: tally("schulze", profile, candidates))
    row.add(Figure("IRV", irv_s * 1000, "ms", IRV_TARGET_S * 1000))
    row.add(Figure("Schulze", schulze_s * 1000, "ms"))
    theirs = _pref_voting(profile, candidates)
    if theirs is None:
        row.notes.append("pref_voting is not installed: no comparison")
        return row
    (pv_irv_s, pv_irv), (pv_schulze_s, pv_schulze) = theirs
    row.add(Figure("pref_voting IRV", pv_irv_s * 1000, "ms"))
    row.add(Figure("pref_voting Schulze", pv_schulze_s * 1000, "ms"))
    row.add(Figure("IRV speed-up", pv_irv_s / irv_s, "×", SPEEDUP_TARGET, at_most=False))
    row.add(Figure("Schulze speed-up", pv_schulze_s / schulze_s, "×"))
    agree = irv.winner in pv_irv and schulze.winner in pv_schulze
    row.notes.append(
        "pref_voting times include building its Profile; winners "
        + ("agree" if agree else f"DIFFER: ours {irv.winner}/{schulze.winner}")
    )
    return row


def _pref_voting(
    profile: list[tuple[int, ...]], candidates: list[int]
) -> tuple[tuple[float, list[int]], tuple[float, list[int]]] | None:
    try:
        from pref_voting.iterative_methods import instant_runoff
        from pref_voting.margin_based_methods import beat_path as schulze
        from pref_voting.profiles import Profile
    except ImportError:
        return None

    def run(method: Any) -> list[int]:
        # Their Profile groups identical rankings itself; building it is part of their count.
        built = Profile([list(b) for b in profile])
        return list(method(built))

    return _best(lambda: run(instant_runoff), 1), _best(lambda: run(schulze), 1)
