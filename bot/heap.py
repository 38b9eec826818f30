"""The heap of a serving bot: start-up objects out of the collector, young collections rarer.

A running bot holds a few hundred thousand long-lived objects from start-up (the libraries,
SQLAlchemy's mappers and compiled statements, the shipped reading list). CPython's oldest
generation is collected when enough new objects have survived, and each such collection walks
every one of them: about 0.16 s on a quiet core, landing in the middle of a burst of commands
(1,000 votes at once triggered one; it was a third of the burst's CPU). Frozen, they are
skipped; only what the bot allocated since is walked. They are never freed either, which is
what start-up objects are for.

Young collections run every YOUNG_THRESHOLD net allocations instead of CPython's 700. In a
burst, thousands of objects are alive at once (each click's interaction, message, view, task
and frames), and at 700 each of them was walked again and again and promoted into the older
generations before its click was answered: in 1,000 Discord clicks at 500/s the collector took
0.7 ms of CPU per click, most of it in collections of the older generations, which 10,000
mostly avoids (0.3 ms). A young collection of 10,000 objects is a pause of a few ms at most.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 10_000


def freeze_startup_objects() -> None:
    """Collect what start-up left behind, exclude the survivors from later collections, and
    make young collections rarer. Call once, after the services and platforms are built and
    before serving."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)


@contextmanager
def serving_heap() -> Iterator[None]:
    """The heap as `paperclub run` serves with it, for the length of the block (a bench's
    measured window); then as it was, so what runs next in the process starts from the same."""
    thresholds = gc.get_threshold()
    freeze_startup_objects()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
