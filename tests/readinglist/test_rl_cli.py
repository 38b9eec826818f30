"""`papers validate` and `papers import` through typer's CliRunner on a local app."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from bot.cli.papers_import_cmd import register

Write = Callable[[str, str | bytes], Path]


@pytest.fixture
def app() -> typer.Typer:
    root = typer.Typer()
    papers = typer.Typer()
    register(papers)
    root.add_typer(papers, name="papers")
    return root


def run(app: typer.Typer, *args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["papers", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_validate_ok(app: typer.Typer, seed_paths: list[Path]) -> None:
    code, out, _ = run(app, "validate", *seed_paths)
    assert (code, out.strip()) == (0, "ok: 88 papers")


def test_validate_reports_every_problem(app: typer.Typer, write: Write) -> None:
    papers = [
        {"id": "fine", "title": "Fine", "url": "https://x.org"},
        {"id": "old", "title": "Some Title", "url": "https://x.org/2", "year": 1800},
    ]
    bad_yaml = write("list.yaml", yaml.safe_dump({"papers": papers}))
    bad_csv = write("list.csv", "title,year\nA,soon\n")
    code, out, err = run(app, "validate", bad_yaml, bad_csv)
    assert code == 1
    assert f"{bad_yaml}:5: papers[1] ('Some Title'): year: must be ≥ 1900" in out
    assert f"{bad_csv}:2: year: 'soon' is not a year" in out
    assert "2 problem(s) in 2 file(s)" in err


def test_import_dry_run_against_a_current_list(app: typer.Typer, write: Write) -> None:
    current = write(
        "current.yaml",
        yaml.safe_dump(
            {
                "papers": [
                    {
                        "id": "attention",
                        "title": "Attention Is All You Need",
                        "url": "https://x.org",
                    }
                ]
            }
        ),
    )
    new = write("new.txt", "1706.03762\n1810.04805\n")
    code, out, _ = run(app, "import", "--dry-run", "--current", current, new)
    assert code == 0 and out.startswith("Added 2, merged 0")
    assert "2 papers have placeholder titles" in out


def test_import_with_problems_changes_nothing(app: typer.Typer, write: Write) -> None:
    broken = write("broken.bib", "@article{a, title={Ok}, year={2020}}\n@misc{b,\n title = {x\n")
    code, out, err = run(app, "import", broken)
    assert code == 1 and "rejected 1" in out and "nothing was imported" in err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("utf16.csv", codecs.BOM_UTF16_LE + "title\nX\n".encode("utf-16-le"), "UTF-16"),
        ("latin1.csv", "title\nCafé\n".encode("latin-1"), "not UTF-8"),
        ("prose.txt", b"just words\nno structure", "cannot tell what kind"),
    ],
)
def test_unreadable_files_exit_2_with_one_line(
    app: typer.Typer, write: Write, name: str, content: bytes, message: str
) -> None:
    path = write(name, content)
    for command in ("validate", "import"):
        code, out, err = run(app, command, path)
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1 and err.startswith("error: ")
        assert message in err and "Traceback" not in err


def test_huge_and_missing_files(app: typer.Typer, tmp_path: Path) -> None:
    huge = tmp_path / "huge.bib"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    code, _, err = run(app, "import", "--dry-run", huge)
    assert code == 2 and "50.0 MB; the limit is 5.0 MB" in err
    code, _, err = run(app, "validate", tmp_path / "missing.csv")
    assert code == 2 and "does not exist" in err


def test_import_whose_lookup_fails_is_one_line(
    app: typer.Typer, write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A database of its own and an arXiv that is not there: nothing may leave 127.0.0.1.
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("PAPERCLUB_ARXIV_API_URL", "http://127.0.0.1:9/api/query")
    monkeypatch.setenv("PAPERCLUB_LOOKUP_TIMEOUT", "1")
    path = write("ids.txt", "2401.00001\n")  # not a shipped paper, so it must be looked up
    code, _, err = run(app, "import", path)
    assert code == 2 and err.startswith("error: ") and "Traceback" not in err
    assert "arXiv is not answering" in err and len(err.strip().splitlines()) == 1
