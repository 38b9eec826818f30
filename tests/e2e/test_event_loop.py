"""The loop the bot serves on: uvloop on Linux (the README's figures were measured on it), the
stdlib's where uvloop is not installed, and the same one under the test suite.

`paperclub run` says which loop serves in its start-up log; an operator (and this test) reads it
there. The Slack platform over HTTP is the cheapest chat platform to start (it connects to
nothing before a request comes); a chat platform because the console keeps INFO lines out of the
terminal.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot import eventloop
from tests.e2e.test_shutdown import HANG, read_until

LINUX = sys.platform == "linux"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _slack_env(tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "SLACK_BOT_TOKEN": "xoxb-1-loop-test",
        "SLACK_SIGNING_SECRET": "0123456789abcdef0123456789abcdef",
        "PAPERCLUB_HTTP_PORT": str(_free_port()),
        "PAPERCLUB_METRICS_PORT": "0",
        # Nothing answers here: the bot must not reach the real Slack from a test.
        "PAPERCLUB_SLACK_API_URL": f"http://127.0.0.1:{_free_port()}/api/",
        "PAPERCLUB_LOG_LEVEL": "INFO",
        "PAPERCLUB_LOG_JSON": "false",
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("DISCORD_TOKEN", "SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        env.pop(name, None)
    return env


@pytest.mark.skipif(not LINUX, reason="uvloop is a dependency where it has a build; Linux here")
def test_paperclub_run_serves_on_uvloop_on_linux(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--platform", "slack"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=_slack_env(tmp_path),
    )
    try:
        assert process.stderr is not None
        said = read_until(process.stderr, "event loop: ")
        assert "event loop: uvloop " in said, said
        read_until(process.stderr, "slack listening over http")
        process.send_signal(signal.SIGTERM)  # the loop's signal handling stops it cleanly
        assert process.wait(timeout=HANG) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_without_uvloop_the_stdlib_loop_runs_the_bot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvloop", None)  # `import uvloop` fails, as on Windows

    async def running() -> str:
        return eventloop.describe(asyncio.get_running_loop())

    assert eventloop.run(running()) == "asyncio (stdlib)"


@pytest.mark.skipif(not LINUX, reason="uvloop is a dependency where it has a build; Linux here")
async def test_the_suite_runs_on_the_loop_paperclub_run_serves_on() -> None:
    assert eventloop.describe(asyncio.get_running_loop()).startswith("uvloop ")
