"""`paperclub tally` through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bot.cli import tally_cmd

# Center squeeze (see test_voting_examples): IRV elects A, Schulze elects B.
SQUEEZE = "# candidates: A, B, C\n" + "A,B,C\n" * 35 + "C,B,A\n" * 33 + "B,A,C\n" * 32


def local_app() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False)

    @app.callback()
    def root() -> None:
        """Keeps `tally` a sub-command, as it is under the real root app."""

    tally_cmd.register(app)
    return app


@pytest.fixture
def ballots(tmp_path: Path) -> Path:
    path = tmp_path / "ballots.csv"
    path.write_text(SQUEEZE, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("method", "winner"), [("plurality", "A"), ("irv", "A"), ("schulze", "B"), ("approval", "A")]
)
def test_text_output_names_the_winner(ballots: Path, method: str, winner: str) -> None:
    result = CliRunner().invoke(local_app(), ["tally", "--method", method, str(ballots)])
    assert result.exit_code == 0, result.output
    assert f"Winner: {winner}" in result.stdout
    assert "█" in result.stdout


def test_text_output_shows_rounds_matrix_and_tie_notes(tmp_path: Path, ballots: Path) -> None:
    irv = CliRunner().invoke(local_app(), ["tally", "-m", "irv", str(ballots)])
    assert "IRV rounds" in irv.stdout
    assert "A has a majority: 67 of 100 continuing votes." in irv.stdout
    schulze = CliRunner().invoke(local_app(), ["tally", "-m", "schulze", str(ballots)])
    assert "Pairwise" in schulze.stdout
    assert "65 (65)" in schulze.stdout
    tied = tmp_path / "tied.csv"
    tied.write_text("B\nA\n", encoding="utf-8")
    notes = CliRunner().invoke(local_app(), ["tally", "-m", "plurality", str(tied)])
    assert "Winner: B" in notes.stdout
    assert "B and A tied on 1 vote; B wins" in notes.stdout


def test_json_output(ballots: Path) -> None:
    result = CliRunner().invoke(local_app(), ["tally", "-m", "irv", "--json", str(ballots)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["winner"] == "A"
    assert data["method"] == "irv"
    assert data["total_ballots"] == 100
    assert data["ranking"] == ["A", "C", "B"]
    assert data["counts"] == {"A": 35, "B": 32, "C": 33}
    assert [r["eliminated"] for r in data["rounds"]] == ["B", None]
    assert data["tie_break"] == []


def test_unknown_header_names_warn_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text("# candidates: A, B\nA, Zed\nB\nB\n", encoding="utf-8")
    result = CliRunner().invoke(local_app(), ["tally", "-m", "plurality", "--json", str(path)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["winner"] == "B"
    assert "Zed" in result.stderr


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, ["-m", "irv"], "no such file"),
        (b"", ["-m", "irv"], "file is empty"),
        (b"\xff\xfeA,B\n", ["-m", "irv"], "not valid UTF-8"),
        (SQUEEZE.encode(), ["-m", "borda"], "unknown method 'borda'"),
        (SQUEEZE.encode(), [], "--method is required"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, content: bytes | None, args: list[str], message: str
) -> None:
    path = tmp_path / "ballots.csv"
    if content is not None:
        path.write_bytes(content)
    result = CliRunner().invoke(local_app(), ["tally", *args, str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: ")
    assert message in lines[0]
    assert "Traceback" not in result.output


def test_through_the_real_root_app(ballots: Path) -> None:
    pytest.importorskip("bot.cli.run_cmd", reason="root app's other commands not written yet")
    pytest.importorskip("bot.cli.papers_cmd", reason="root app's other commands not written yet")
    from bot.cli import build_app

    result = CliRunner().invoke(build_app(), ["tally", "-m", "schulze", "--json", str(ballots)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["winner"] == "B"
