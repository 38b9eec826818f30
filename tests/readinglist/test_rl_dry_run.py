"""`papers import --dry-run --club X` is the real run without its writes (issue 14).

Before, the dry run ignored --club (a club that does not exist included) and merged into an empty
list, so it reported a different merge from the real run.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bot.cli import papers_import_cmd
from tests.readinglist.test_rl_club_import import EMPTY, _state, empty_club

__all__ = ["empty_club"]


def _run(*args: str | Path) -> tuple[int, str, str]:
    root, papers = typer.Typer(), typer.Typer()
    papers_import_cmd.register(papers)
    root.add_typer(papers, name="papers")
    result = CliRunner().invoke(root, ["papers", "import", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def offline(empty_club: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", empty_club)
    monkeypatch.setenv("PAPERCLUB_ARXIV_API_URL", "http://127.0.0.1:9/api/query")
    monkeypatch.setenv("PAPERCLUB_LOOKUP_TIMEOUT", "0.5")
    return empty_club


def test_dry_run_reports_exactly_what_the_real_run_does(
    offline: str, seed_paths: list[Path]
) -> None:
    before = asyncio.run(_state(offline))
    code, dry, err = _run("--dry-run", "--club", str(EMPTY), *seed_paths)
    assert code == 0, err
    assert asyncio.run(_state(offline)) == before  # nothing written
    assert dry.rstrip().endswith("dry run: nothing was changed")
    code, real, err = _run("--club", str(EMPTY), *seed_paths)
    assert code == 0, err
    assert asyncio.run(_state(offline)) != before
    expected = (
        dry.replace("Would import", "Imported")
        .replace("would be appended", "appended")
        .replace("dry run: nothing was changed\n", "")
    )
    assert real == expected
    queued = len(asyncio.run(_state(offline))[0])
    assert f"{queued} papers appended to the queue" in real


def test_dry_run_refuses_a_club_that_does_not_exist(offline: str, seed_paths: list[Path]) -> None:
    code, out, err = _run("--dry-run", "--club", "console:w:nowhere", *seed_paths)
    assert code == 2 and out == ""
    assert "There is no club 'console:w:nowhere'" in err and len(err.strip().splitlines()) == 1


def test_a_meeting_logs_dry_run_names_the_same_sessions_as_the_real_run(offline: str) -> None:
    """Past entries, cancelled weeks and entries not taken are reported alike by both runs, and
    a second real run finds every past session already there (no duplicates)."""
    log = Path(__file__).parent / "lists" / "meeting_log.md"
    code, dry, err = _run("--dry-run", "--skip-invalid", "--club", str(EMPTY), log)
    assert code == 0, err
    assert "From the meeting log:" in dry
    assert (
        "> past      2024-01-18 QLoRA: Efficient Finetuning of Quantized LLMs, presented by Bob"
        in (dry)
    )
    assert "x cancelled 2024-02-01: a skipped session" in dry
    assert "- not taken 2099-03-07 (line" in dry and "more than a year ahead" in dry
    code, real, err = _run("--skip-invalid", "--club", str(EMPTY), log)
    assert code == 0, err
    expected = (
        dry.replace("Would import", "Imported")
        .replace("would be appended", "appended")
        .replace("dry run: nothing was changed\n", "")
    )
    assert real == expected
    code, again, err = _run("--skip-invalid", "--club", str(EMPTY), log)
    assert code == 0, err
    assert "presented by Bob (already there)" in again
    assert "x cancelled 2024-02-01: a skipped session (already there)" in again
