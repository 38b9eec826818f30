"""Where the console's lines come from: a terminal with line editing, or a pipe line by line.

Neither ever blocks the event loop or a thread the loop must join. The old reader ran
`stdin.readline` in the loop's default executor; that thread cannot be interrupted, and the loop
joins it at exit, so Ctrl-C (or SIGTERM with the pipe still open) did nothing until a line came.

- A terminal gets prompt_toolkit rather than the stdlib's readline: readline only works through a
  blocking `input()`, which would need that same uninterruptible thread, while prompt_toolkit
  reads the terminal on the loop itself. It also keeps scheduled posts printed while the member
  types above the line being edited, and behaves the same where Python's readline is libedit.
- Anything else (a pipe, a file, /dev/null) is read by a daemon thread with `os.read` on the file
  descriptor: a daemon thread does not hold the process open, and raw reads take no lock that
  the interpreter needs at exit.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TextIO

CHUNK = 65536


class LineSource(Protocol):
    async def readline(self) -> str | None:
        """The next line without its newline, or None at the end of input."""


class StreamLines:
    """Lines of an in-memory stream (tests, StringIO): reading it never blocks."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    async def readline(self) -> str | None:
        line = self._stream.readline()
        return line.rstrip("\r\n") if line else None


class PipeLines:
    """Lines of a file descriptor, read by a daemon thread and handed to the loop."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._loop = asyncio.get_running_loop()
        self._thread = threading.Thread(target=self._read, name="console-stdin", daemon=True)
        self._thread.start()

    async def readline(self) -> str | None:
        return await self._queue.get()

    def _hand_over(self, line: str | None) -> bool:
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, line)
        except RuntimeError:  # the loop is closed: nobody is listening any more
            return False
        return True

    def _read(self) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        pending = ""
        while True:
            try:
                chunk = os.read(self._fd, CHUNK)
            except OSError:
                chunk = b""
            pending += decoder.decode(chunk, final=not chunk)
            *complete, pending = pending.split("\n")
            for line in complete:
                if not self._hand_over(line.rstrip("\r")):
                    return
            if not chunk:
                if pending:
                    self._hand_over(pending)
                self._hand_over(None)
                return


class TerminalLines:
    """A prompt with line editing and history (arrow keys, Ctrl-R). Ctrl-C and Ctrl-D end it."""

    def __init__(self, prompt: Callable[[], str], history_file: Path | None) -> None:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import FileHistory, History, InMemoryHistory

        history: History = InMemoryHistory()
        if history_file is not None:
            with contextlib.suppress(OSError):
                history_file.parent.mkdir(parents=True, exist_ok=True)
                history_file.touch()
                history = FileHistory(str(history_file))
        self._prompt = prompt
        self._session: PromptSession[str] = PromptSession(history=history)

    async def readline(self) -> str | None:
        try:
            # In the prompt Ctrl-C is a key (raw mode), so prompt_toolkit needs no SIGINT
            # handler of its own; with one it removed the runtime's when the prompt ended, and
            # Ctrl-C during a command then did nothing.
            return await self._session.prompt_async(self._prompt(), handle_sigint=False)
        except (EOFError, KeyboardInterrupt):
            return None


def is_terminal(stdin: TextIO, stdout: TextIO) -> bool:
    try:
        return stdin.isatty() and stdout.isatty()
    except ValueError:  # a closed stream
        return False


def fileno(stream: TextIO) -> int | None:
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def default_history_file() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "paperclub" / "console_history"
