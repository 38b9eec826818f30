"""Percentiles and rates, without numpy."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], p: float) -> float:
    """The nearest-rank percentile (p in 0..100) of `values`; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else 0.0


def scaled(full: int, scale: float, minimum: int = 1) -> int:
    """A count at `scale` of its full-size value, never below `minimum`."""
    return max(minimum, round(full * scale))
