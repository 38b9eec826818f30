"""The serving heap: start-up objects frozen out of the collector, young collections rarer,
and a bench's window puts both back as they were."""

from __future__ import annotations

import gc

from bot.heap import YOUNG_THRESHOLD, serving_heap


def test_a_serving_heap_freezes_start_up_and_collects_the_young_less_often() -> None:
    saved = gc.get_threshold()
    # CPython's defaults, whatever an earlier test in this process (a `paperclub run`) left.
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    try:
        with serving_heap():
            assert gc.get_freeze_count() > 0  # what start-up left alive
            assert gc.get_threshold() == (YOUNG_THRESHOLD, 10, 10)
        assert gc.get_freeze_count() == 0 and gc.get_threshold() == (700, 10, 10)
    finally:
        gc.unfreeze()
        gc.set_threshold(*saved)
