"""The console on a real terminal (a pseudo-terminal): line editing, history, and Ctrl-C leaving
at once, with nothing typed after it. Waits on what the terminal shows, never on a time."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_shutdown import HANG, assert_quiet, cli_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

_ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\r")


class Terminal:
    """`paperclub run` with a pseudo-terminal as its stdin, stdout and stderr."""

    def __init__(self, tmp_path: Path) -> None:
        env = cli_env(tmp_path)
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
            start_new_session=True,  # the pty becomes its controlling terminal, as in a shell
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
