"""The console on a real terminal (a pseudo-terminal): line editing, history, and Ctrl-C leaving
at once, with nothing typed after it. Waits on what the terminal shows, never on a time."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import socket
import subprocess
import sys
import termios
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_shutdown import HANG, assert_quiet, cli_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

_ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\r")


def _own_terminal() -> None:
    """In the child: a session of its own whose controlling terminal is the pty (its stdin),
    as in a shell, so Ctrl-C in cooked mode is a SIGINT to it."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """`paperclub run` with a pseudo-terminal as its stdin, stdout and stderr."""

    def __init__(self, tmp_path: Path, **settings: str) -> None:
        env = {**cli_env(tmp_path), **settings}
        # The pty answers no cursor-position requests; without this prompt_toolkit would wait
        # for one and then print a warning. A real terminal answers them.
        env.update(TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="120", LINES="40")
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=tmp_path,
            env=env,
            preexec_fn=_own_terminal,
        )
        os.close(slave)
        self.shown = b""
        self.matched = 0  # where in text() the last wait_for matched

    def type(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def _read(self) -> bytes:
        readable, _, _ = select.select([self.master], [], [], HANG)
        assert readable, f"the terminal showed nothing for {HANG} s:\n{self.text()}"
        try:
            return os.read(self.master, 65536)
        except OSError:  # EIO: the process closed the terminal (it exited)
            return b""

    def wait_for(self, wanted: str) -> None:
        """Read until the screen text (escape codes removed) after the previous match contains
        ``wanted``; the next wait looks after this match."""
        while (found := self.text().find(wanted, self.matched)) < 0:
            chunk = self._read()
            assert chunk, f"the terminal closed before {wanted!r}:\n{self.text()}"
            self.shown += chunk
        self.matched = found + len(wanted)

    def text(self) -> str:
        return _ANSI.sub(b"", self.shown).decode("utf-8", "replace")

    def exit_code(self) -> int:
        while chunk := self._read():  # drain, so the process is never blocked writing
            self.shown += chunk
        return self.process.wait(timeout=HANG)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)


@contextlib.contextmanager
def black_hole() -> Iterator[tuple[int, threading.Event]]:
    """A port that accepts connections and never answers, and an event set at the first one."""
    server = socket.create_server(("127.0.0.1", 0))
    connected = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        with contextlib.suppress(OSError):
            while True:
                held.append(server.accept()[0])
                connected.set()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield server.getsockname()[1], connected
    finally:
        server.close()
        for conn in held:
            conn.close()


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(tmp_path)
    try:
        yield term
    finally:
        term.close()


def test_ctrl_c_at_the_prompt_leaves_at_once(terminal: Terminal) -> None:
    terminal.wait_for("you>")
    terminal.type(b"\x03")  # Ctrl-C, and no Enter after it
    assert terminal.exit_code() == 0, terminal.text()
    assert_quiet(terminal.text())


def test_ctrl_c_during_a_command_leaves_at_once(tmp_path: Path) -> None:
    """After a first prompt (prompt_toolkit used to take the SIGINT handler away with it)."""
    with black_hole() as (port, connected):
        arxiv = f"http://127.0.0.1:{port}/api/query"
        term = Terminal(tmp_path, PAPERCLUB_ARXIV_API_URL=arxiv, PAPERCLUB_LOOKUP_TIMEOUT="120")
        try:
            term.wait_for("you>")
            term.type(b"/suggest 2501.12345\r")
            # The lookup hangs on the black hole: the command is running, the prompt is not.
            assert connected.wait(HANG), term.text()
            term.type(b"\x03")
            assert term.exit_code() == 0, term.text()
            assert_quiet(term.text())
        finally:
            term.close()


def test_line_editing_and_history(terminal: Terminal) -> None:
    terminal.wait_for("you>")
    # A typo fixed with the arrow keys and backspace: "/whoxami" → "/whoami".
    terminal.type(b"/whoxami\x1b[D\x1b[D\x1b[D\x7f\r")
    terminal.wait_for("You are you, an admin.")
    terminal.wait_for("you>")
    terminal.type(b"/as alice\r")
    terminal.wait_for("You are now alice, a member.")
    terminal.wait_for("alice>")
    # Up twice brings back the first command, unchanged.
    terminal.type(b"\x1b[A\x1b[A\r")
    terminal.wait_for("You are alice, a member.")
    terminal.wait_for("alice>")
    terminal.type(b"\x04")  # Ctrl-D on an empty line leaves too
    assert terminal.exit_code() == 0, terminal.text()
    assert_quiet(terminal.text())
