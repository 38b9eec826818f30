"""Measuring how a function's cost grows with its input, as a ratio of its own CPU time.

A wall-clock budget fails on a loaded machine and passes a quadratic pattern on a fast one; the
ratio between a large and a small input of the same shape does neither. Growing the input
`FACTOR` times costs about `FACTOR` times as much when the function is linear, `FACTOR²` when it is
quadratic. `LIMIT` leaves room for n·log n and for noise, and none for quadratic.

The input grows in steps (2x, 4x, 8x) and the measurement stops at the first step that already
grew too fast: a cubic pattern that takes half a second on the small input would take minutes
on the 8x one, and the test is meant to fail, not to hang.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

FACTOR = 8
SLACK = 3  # each step may cost up to 3x its share
LIMIT = SLACK * FACTOR  # quadratic would be 64, cubic 512
_STEPS = (2, 4, FACTOR)
_REPEATS = 3


def _cpu_time(function: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(_REPEATS):
        start = time.process_time()
        function(text)
        best = min(best, time.process_time() - start)
    return best


def growth(function: Callable[[str], object], make: Callable[[int], str]) -> tuple[int, float]:
    """(scale, time(make(scale)) / time(make(1))), each the fastest of a few runs: at FACTOR,
    or at the first smaller scale whose ratio is already over SLACK times that scale."""
    enabled = gc.isenabled()
    gc.disable()  # a collection landing in one run only would skew the ratio
    try:
        small = make(1)
        function(small)  # warm caches and lazy imports
        # A run too fast for the clock to see counts as one microsecond.
        little = max(_cpu_time(function, small), 1e-6)
        for scale in _STEPS:
            ratio = _cpu_time(function, make(scale)) / little
            if ratio > SLACK * scale:
                break
    finally:
        if enabled:
            gc.enable()
    return scale, ratio


def repeated(prefix: str, unit: str, suffix: str, *, target: int) -> Callable[[int], str]:
    """An input maker: `prefix + unit * n + suffix`, `n` chosen so `make(1)` is ~`target` long."""
    per = max(1, target // max(1, len(unit)))

    def make(scale: int) -> str:
        return prefix + unit * (per * scale) + suffix

    return make
