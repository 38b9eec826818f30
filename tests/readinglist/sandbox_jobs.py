"""Jobs for the sandbox tests, importable by the fork server's children (top-level, picklable)."""

from __future__ import annotations

import mmap
import threading
from typing import Any

PAGE = mmap.PAGESIZE


class Reserved:
    """Anonymous memory the child maps while it unpickles its arguments, before its limits.

    That is the case RLIMIT_AS cannot see: address space a fresh child already holds (a malloc
    arena, a parser's buffers) counts in the cap's base, so filling it grows the resident set
    without growing the address space.
    """

    def __init__(self, size: int) -> None:
        self.size = size

    def __reduce__(self) -> tuple[Any, tuple[int, int]]:
        return (mmap.mmap, (-1, self.size))


def fill_then_wait(mapping: mmap.mmap) -> int:
    """Touches every page of `mapping`, then waits to be stopped (the deadline or the cap)."""
    for offset in range(0, len(mapping), PAGE):
        mapping[offset] = 1
    threading.Event().wait()
    return len(mapping)


def reserve_untouched(size: int) -> int:
    """Maps `size` bytes and never touches them: address space, not memory in use."""
    with mmap.mmap(-1, size) as mapping:
        return len(mapping)
