"""The start-up heap, kept out of the garbage collector's full collections.

A running bot holds a few hundred thousand long-lived objects from start-up (the libraries,
SQLAlchemy's mappers and compiled statements, the shipped reading list). CPython's oldest
generation is collected when enough new objects have survived, and each such collection walks
every one of them: about 0.16 s on a quiet core, landing in the middle of a burst of commands
(1,000 votes at once triggered one; it was a third of the burst's CPU). Frozen, they are
skipped; only what the bot allocated since is walked. They are never freed either, which is
what start-up objects are for.
"""

from __future__ import annotations

import gc


def freeze_startup_objects() -> None:
    """Collect what start-up left behind, then exclude the survivors from later collections.
    Call once, after the services and platforms are built and before serving."""
    gc.collect()
    gc.freeze()
