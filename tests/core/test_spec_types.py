"""A command spec's parts must agree, and mypy is what checks it: a spec whose handler takes
another command (or another port bundle) than the spec builds is rejected before it can run.

The files below are checked by mypy itself, strict, as the project's own code is; the good one
must pass, so the test fails if mypy is not actually looking.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

HEADER = """
from bot.core.commands.context import Context, Store, Voting
from bot.core.commands.spec import CommandSpec
from bot.core.usecases.ballot_commands import CastVote, WithdrawVote
from bot.core.views import Notice


async def withdraw(cmd: WithdrawVote, ctx: Context, voting: Voting) -> Notice:
    return Notice("withdrawn")


async def cast(cmd: CastVote, ctx: Context, voting: Voting) -> Notice:
    return Notice("cast")
"""

GOOD = (
    HEADER
    + """
SPEC = CommandSpec("x", "/x", "x", CastVote, CastVote.build, cast, Voting)
"""
)
# Builds a CastVote but hands it to a handler that takes a WithdrawVote.
WRONG_COMMAND = (
    HEADER
    + """
SPEC = CommandSpec("x", "/x", "x", CastVote, CastVote.build, withdraw, Voting)
"""
)
# The right command, but the spec wires the Store bundle to a handler that needs Voting.
WRONG_PORTS = (
    HEADER
    + """
SPEC = CommandSpec("x", "/x", "x", CastVote, CastVote.build, cast, Store)
"""
)


def _mypy(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "spec_under_test.py"
    path.write_text(source, encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--config-file",
            str(ROOT / "pyproject.toml"),
            str(path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_spec_whose_parts_agree_type_checks(tmp_path: Path) -> None:
    result = _mypy(tmp_path, GOOD)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("source", [WRONG_COMMAND, WRONG_PORTS], ids=["command", "ports"])
def test_mypy_rejects_a_spec_whose_handler_takes_something_else(
    tmp_path: Path, source: str
) -> None:
    result = _mypy(tmp_path, source)
    assert result.returncode == 1, result.stdout + result.stderr
    line = next(n for n, text in enumerate(source.splitlines(), 1) if text.startswith("SPEC"))
    assert f"spec_under_test.py:{line}: error" in result.stdout, result.stdout
    assert '"CommandSpec" has incompatible type' in result.stdout, result.stdout
