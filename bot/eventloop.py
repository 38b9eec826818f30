"""The event loop the bot runs on: uvloop where it is installed, else the stdlib's.

uvloop (libuv underneath, its transports and callbacks in C) spends less CPU than the stdlib's
selector loop on the socket reads and writes, callbacks and timers of each command: in bench
runs alternated with the stdlib's loop, 5-12% less CPU per `/vote` on SQLite and PostgreSQL;
per Discord or Slack click the difference was within the shared machine's noise (README.md,
Performance). It has no Windows build, so it is a dependency only elsewhere (pyproject.toml's
platform marker); without it the bot runs on the stdlib's loop and does the same, a little
slower.

Every entry that runs the bot's loop goes through `run`: `paperclub run` and the other CLI
commands, and the bench's processes, so a bench measures the loop `paperclub run` serves on.

The console club alone stays on the stdlib's loop. prompt_toolkit loads the history into each
new prompt in a task; on uvloop, keys typed just as a prompt appeared (Up, Enter) were handled
before that task had run, so Up did nothing (the terminal test failed 2 runs in 4 on uvloop,
0 in 4 on the stdlib's loop). The console serves one person; the loop's speed is for the chat
platforms.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from importlib.metadata import version
from typing import Any, TypeVar

T = TypeVar("T")

LoopFactory = Callable[[], asyncio.AbstractEventLoop]


def loop_factory() -> LoopFactory | None:
    """uvloop's loop constructor, or None (the stdlib's) where uvloop is not installed."""
    try:
        import uvloop
    except ImportError:  # Windows, or an install without it
        return None
    return uvloop.new_event_loop


def run(main: Coroutine[Any, Any, T], *, stdlib: bool = False) -> T:
    """`asyncio.run` on the bot's loop, or on the stdlib's when asked (the console's prompt)."""
    with asyncio.Runner(loop_factory=None if stdlib else loop_factory()) as runner:
        return runner.run(main)


def describe(loop: asyncio.AbstractEventLoop) -> str:
    """Which loop this is, for the start-up log: "uvloop 0.23.0" or "asyncio (stdlib)"."""
    module = type(loop).__module__.split(".")[0]
    if module == "uvloop":
        return f"uvloop {version('uvloop')}"
    return "asyncio (stdlib)" if module == "asyncio" else module
