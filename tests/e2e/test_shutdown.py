"""`paperclub run` stops cleanly: at the end of its input, on SIGTERM (a container stop) and on
SIGINT, with a fresh database each time, exit code 0 and nothing logged at ERROR.

Each test waits for what the bot prints (events), never for a time; the `timeout=` bounds are
only there so a hang fails the test instead of the whole run, and are generous for a loaded
machine.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import IO

import pytest

HANG = 120  # seconds: far beyond a clean exit even on a loaded 2-core machine

# From issue 11: on a fresh database this never exited and ignored SIGTERM (4 runs of 4).
ISSUE_SCRIPT = (
    "/as alice admin\n/club set language ko\n/paper\n/schedule 3\n/help\n/vote open\n"
    "/club set language xx\n"
)


def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "PAPERCLUB_CONSOLE__HISTORY_FILE": str(tmp_path / "history"),
        "PYTHONUNBUFFERED": "1",
    }
    for secret in ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        env.pop(secret, None)
    env.pop("PAPERCLUB_LOG_LEVEL", None)  # the console's own level: warnings and errors
    return env


def assert_quiet(stderr: str) -> None:
    assert " ERROR " not in stderr, stderr
    assert "Traceback" not in stderr, stderr


def read_until(stream: IO[str], wanted: str) -> str:
    """Lines of the bot's output up to the one containing ``wanted`` (fails at its end)."""
    seen = []
    for line in stream:
        seen.append(line)
        if wanted in line:
            return "".join(seen)
    raise AssertionError(f"output ended before {wanted!r}:\n{''.join(seen)}")


def test_the_piped_script_from_the_issue_exits_cleanly(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        input=ISSUE_SCRIPT,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=cli_env(tmp_path),
        timeout=HANG,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert_quiet(result.stderr)
    assert "You are now alice, an admin." in result.stdout
    assert "language이(가) 이제 ko입니다." in result.stdout  # answered in Korean
    # The last command was answered too, in the club's Korean (xx has no catalog: refused).
    assert "'xx'(은)는 아직 번역이 없어요." in result.stdout


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_a_console_whose_input_is_still_open(
    tmp_path: Path, sig: signal.Signals
) -> None:
    errors = tmp_path / "stderr.txt"
    with errors.open("w") as stderr:
        bot = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=tmp_path,
            env=cli_env(tmp_path),
        )
    assert bot.stdin is not None and bot.stdout is not None
    try:
        read_until(bot.stdout, "is set up")
        bot.stdin.write("/schedule 2\n")
        bot.stdin.flush()
        read_until(bot.stdout, "Every Wednesday")  # answered: the bot is idle, input open
        bot.send_signal(sig)
        # stdin stays open: the bot must stop by itself, not because its input ended.
        bot.wait(timeout=HANG)
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.wait()
        bot.stdin.close()
        bot.stdout.close()
    assert bot.returncode == 0, errors.read_text()
    assert_quiet(errors.read_text())
