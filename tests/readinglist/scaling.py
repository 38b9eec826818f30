"""Measuring how a function's cost grows with its input, as a ratio of its own CPU time.

A wall-clock budget fails on a loaded machine and passes a quadratic pattern on a fast one; the
ratio between a large and a small input of the same shape does neither. Growing the input
`FACTOR` times costs about `FACTOR` times as much when the function is linear, `FACTOR²` when it is
quadratic. `LIMIT` leaves room for n·log n and for noise, and none for quadratic.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

FACTOR = 8
LIMIT = 3 * FACTOR  # quadratic would be 64, cubic 512
_REPEATS = 3


def _cpu_time(function: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(_REPEATS):
        start = time.process_time()
        function(text)
        best = min(best, time.process_time() - start)
    return best


def growth(function: Callable[[str], object], make: Callable[[int], str]) -> float:
    """time(make(FACTOR)) / time(make(1)), each the fastest of a few runs."""
    enabled = gc.isenabled()
    gc.disable()  # a collection landing in one run only would skew the ratio
    try:
        small, big = make(1), make(FACTOR)
        function(small)  # warm caches and lazy imports
        little = _cpu_time(function, small)
        large = _cpu_time(function, big)
    finally:
        if enabled:
            gc.enable()
    # A run too fast for the clock to see counts as one microsecond.
    return large / max(little, 1e-6)


def repeated(prefix: str, unit: str, suffix: str, *, target: int) -> Callable[[int], str]:
    """An input maker: `prefix + unit * n + suffix`, `n` chosen so `make(1)` is ~`target` long."""
    per = max(1, target // max(1, len(unit)))

    def make(scale: int) -> str:
        return prefix + unit * (per * scale) + suffix

    return make
