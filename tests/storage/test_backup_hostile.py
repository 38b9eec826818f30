"""Backups someone handed us: bombs, wrong types and broken shapes are one line, and write nothing.

From issue 11: a 1 MB gzip bomb took `paperclub restore` to 2.1 GB before any check; hostile
backups restored wrongly typed rows on SQLite; malformed backups and deep JSON/YAML printed raw
tracebacks although the CLI promises one-line errors.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bot.cli import build_app


def _cli(
    *args: str, env: dict[str, str], memory: int | None = None
) -> subprocess.CompletedProcess[str]:
    """The real console script in a child process (optionally with an address-space cap)."""

    def cap() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**os.environ, "PAPERCLUB_LOG_LEVEL": "WARNING", **env},
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=cap,
        check=False,
    )


def _one_line_error(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode != 0, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for part in expected:
        assert part in lines[0], lines[0]


def _gzip_bomb(path: Path, gigabytes: float) -> None:
    """Gzip members of 16 MB of zeros, repeated: 2 GB of JSON-ish nothing in about 2 MB."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip member
    member = compressor.compress(b"\0" * (16 * 1024 * 1024)) + compressor.flush()
    with path.open("wb") as handle:
        for _ in range(int(gigabytes * 1024 / 16)):
            handle.write(member)


def test_a_gzip_bomb_is_refused_while_it_decompresses(tmp_path: Path) -> None:
    bomb = tmp_path / "backup.json.gz"
    _gzip_bomb(bomb, 2)
    assert bomb.stat().st_size < 4 * 1024 * 1024
    target = f"sqlite:///{tmp_path / 'target.sqlite3'}"
    # 1.5 GB of address space: decompressing the whole bomb first cannot fit in it.
    result = _cli("restore", str(bomb), env={"DATABASE_URL": target}, memory=1536 * 1024 * 1024)
    _one_line_error(result, "decompresses to more than 64 MB", "--max-mb")
    assert not (tmp_path / "target.sqlite3").exists()


@pytest.fixture(scope="module")
def backup_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A genuine backup of a database with one club and its first session (made once)."""
    tmp_path = tmp_path_factory.mktemp("backup")
    source = f"sqlite:///{tmp_path / 'source.sqlite3'}"
    runner = CliRunner()
    # The console reads commands from stdin: `/club setup` creates the club and its sessions.
    subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        input="/club setup wed 18:00\n",
        env={**os.environ, "DATABASE_URL": source, "PAPERCLUB_LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    file = tmp_path / "club.json.gz"
    made = runner.invoke(build_app(), ["backup", str(file)], env={"DATABASE_URL": source})
    assert made.exit_code == 0 and "clubs 1" in made.stdout, made.output
    return file


def _tampered(file: Path, change: Any, where: Path) -> Path:
    with gzip.open(file, "rt", encoding="utf-8") as handle:
        document = json.load(handle)
    change(document)
    out = where / "tampered.json.gz"
    with gzip.open(out, "wt", encoding="utf-8") as handle:
        json.dump(document, handle)
    return out


def _nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


def _first(document: dict[str, Any], table: str) -> dict[str, Any]:
    rows: list[dict[str, Any]] = document["tables"][table]
    assert rows, f"the backup has no {table}"
    return rows[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: _first(d, "sessions").update(starts_at="next wednesday"),
            "starts_at must be a date-time, not str",
        ),
        (
            lambda d: _first(d, "clubs").update(id="1"),
            "table clubs, row 1: id must be a whole number, not str",
        ),
        (lambda d: _first(d, "clubs").update(name=None), "name must not be empty"),
        (lambda d: _first(d, "clubs").update(sneaky=1), "no such column 'sneaky'"),
        (
            lambda d: _first(d, "sessions").update(starts_at={"$dt": "soon"}),
            "'soon' is not a date-time",
        ),
        # JSON columns: SQLite and PostgreSQL store any JSON, and the bot then fails reading it.
        (
            lambda d: _first(d, "papers").update(authors="Ada Lovelace"),
            "table papers, row 1: authors must be a list of texts",
        ),
        (lambda d: _first(d, "papers").update(tags=[1, 2]), "tags must be a list of texts"),
        (
            lambda d: _first(d, "papers").update(summaries={"en": ["x"]}),
            "summaries must be a mapping of names to texts",
        ),
        (lambda d: d.update(tables=[]), "is not a paperclub backup (no tables)"),
        (lambda d: d["tables"].update(clubs=[1, 2]), "table clubs, row 1: expected a mapping"),
        (
            lambda d: d["tables"].update(secrets=[{"a": 1}]),
            "a table this schema does not know: secrets",
        ),
        (lambda d: d.update(revision="9999_future"), "schema revision '9999_future'"),
        (lambda d: d.update(revision=["0001"]), "which this paperclub does not know"),
        (lambda d: d.update(extra=_nested(40)), "nested too deeply"),
    ],
)
def test_a_hostile_backup_is_refused_before_anything_is_written(
    backup_file: Path, tmp_path: Path, change: Any, message: str
) -> None:
    target_path = tmp_path / "target.sqlite3"
    result = CliRunner().invoke(
        build_app(),
        ["restore", str(_tampered(backup_file, change, tmp_path))],
        env={"DATABASE_URL": f"sqlite:///{target_path}"},
    )
    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    if target_path.exists():
        import sqlite3

        with sqlite3.connect(target_path) as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if "clubs" in tables:
                assert db.execute("SELECT count(*) FROM clubs").fetchone() == (0,)


def test_the_genuine_backup_still_restores(backup_file: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        build_app(),
        ["restore", str(backup_file)],
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'target.sqlite3'}"},
    )
    assert result.exit_code == 0 and "clubs 1" in result.stdout, result.output


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.json", "[" * 100_000),
        ("deep.yaml", "[" * 100_000),
        ("bomb.yaml", "a: &a [1]\nb: *a\n"),
    ],
)
def test_deep_or_aliased_lists_are_one_line_from_the_cli(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    result = _cli("papers", "validate", str(path), env={})
    assert result.returncode == 1, result
    assert "Traceback" not in result.stdout + result.stderr
    assert len(result.stdout.strip().splitlines()) == 1, result.stdout


def test_an_unexpected_failure_is_one_line_too(tmp_path: Path) -> None:
    # Nothing listens on port 1: every command that needs the database fails the same way.
    result = _cli("papers", "list", env={"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"})
    _one_line_error(result, "paperclub:")
