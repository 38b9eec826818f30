"""`paperclub bench` end to end at a tiny scale: every row, sane numbers, no scratch left behind.

No timing is asserted: the bench reports figures, these tests check that it produces them.
"""

from __future__ import annotations

import glob
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from bot.bench import runner, scratch
from bot.bench.render import print_table
from bot.bench.results import SCHEMA, Report
from bot.bench.runner import run_all
from bot.bench.scratch import PREFIX, ScratchError, scratch_database
from bot.cli import build_app
from bot.storage import migrate
from bot.storage.engine import sync_url

PG_ENV = "PAPERCLUB_TEST_DATABASE_URL"
SCALE = 0.002  # 20 clubs, 2 voters, 2 posts, 200 ballots, 2 round trips
ROWS = set(runner.ROWS)


def _leftover_sqlite(prefix: str = PREFIX) -> set[str]:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), prefix + "*")))


def _bench_databases(url: str, prefix: str) -> set[str]:
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT datname FROM pg_database WHERE datname LIKE :p"), {"p": prefix + "%"}
            )
            return {name for (name,) in rows}
    finally:
        engine.dispose()


VERDICTS = {"PASS", "MISS", "INFO"}


def _check_schema(report: dict[str, Any]) -> None:
    """The documented schema (bot/bench/results.py), key by key and type by type."""
    assert set(report) == {"schema", "backend", "scale", "python", "machine", "rows"}
    assert report["schema"] == SCHEMA
    assert report["backend"] in ("sqlite", "postgresql")
    assert isinstance(report["scale"], float) and isinstance(report["python"], str)
    machine = report["machine"]
    assert set(machine) == {"cpus", "load_before", "load_after"}
    assert isinstance(machine["cpus"], int) and machine["cpus"] >= 1
    for load in (machine["load_before"], machine["load_after"]):
        assert len(load) == 3 and all(isinstance(x, float) and x >= 0 for x in load)
    assert isinstance(report["rows"], dict)
    for key, row in report["rows"].items():
        assert set(row) <= {"title", "verdict", "figures", "notes", "skipped"}, key
        assert {"title", "verdict", "figures", "notes"} <= set(row), key
        assert isinstance(row["title"], str) and all(isinstance(n, str) for n in row["notes"])
        assert row["verdict"] in VERDICTS | {"SKIPPED"}
        verdicts = set()
        for figure in row["figures"]:
            assert set(figure) == {"name", "value", "unit", "target", "verdict"}, (key, figure)
            assert isinstance(figure["name"], str) and isinstance(figure["unit"], str)
            assert isinstance(figure["value"], int | float)
            target = figure["target"]
            assert target is None or (
                len(target) == 1
                and set(target) <= {"at_most", "at_least"}
                and all(isinstance(v, int | float) for v in target.values())
            ), (key, figure)
            assert figure["verdict"] in (VERDICTS if target else {"INFO"}), (key, figure)
            if target:
                (bound,) = target.values()
                ok = figure["value"] <= bound if "at_most" in target else figure["value"] >= bound
                assert figure["verdict"] == ("PASS" if ok else "MISS"), (key, figure)
            verdicts.add(figure["verdict"])
        if "skipped" not in row:
            expected = "MISS" if "MISS" in verdicts else "PASS" if "PASS" in verdicts else "INFO"
            assert row["verdict"] == expected, key


def test_the_json_schema_is_the_documented_one_with_targets_as_numbers() -> None:
    from bot.bench.results import Figure, Machine, Row

    row = Row("votes", "1,000 votes")
    row.add(Figure("p99 ack", 41.5, "ms", 30.0))
    row.add(Figure("acked", 1000, "of 1000", 1000.0, at_most=False))
    row.add(Figure("throughput", 900.0, "votes/s"))
    skipped = Row("slack", "Slack round trip", skipped="skipped: no Slack")
    machine = Machine(2, (1.5, 1.0, 0.5), (2.0, 1.2, 0.6))
    report = json.loads(
        json.dumps(Report("sqlite", 1.0, "CPython", [row, skipped], machine).as_json())
    )
    _check_schema(report)
    figures = report["rows"]["votes"]["figures"]
    assert [f["target"] for f in figures] == [{"at_most": 30.0}, {"at_least": 1000.0}, None]
    assert [f["verdict"] for f in figures] == ["MISS", "PASS", "INFO"]
    assert report["rows"]["votes"]["verdict"] == "MISS"
    assert report["rows"]["slack"] == {
        "title": "Slack round trip",
        "verdict": "SKIPPED",
        "figures": [],
        "notes": [],
        "skipped": "skipped: no Slack",
    }
    assert report["machine"] == {
        "cpus": 2,
        "load_before": [1.5, 1.0, 0.5],
        "load_after": [2.0, 1.2, 0.6],
    }


def _check(report: dict[str, Any]) -> None:
    _check_schema(report)
    rows = report["rows"]
    assert isinstance(rows, dict)
    assert set(rows) == ROWS
    for key, row in rows.items():
        assert row["verdict"] in ("PASS", "MISS", "INFO"), (key, row)
        values = {f["name"]: f["value"] for f in row["figures"]}
        assert values and all(v >= 0 for v in values.values()), (key, values)
    figures = {k: {f["name"]: f["value"] for f in r["figures"]} for k, r in rows.items()}
    assert figures["votes"]["acked"] == 2 and figures["votes"]["ballots stored"] == 2
    assert figures["votes"]["throughput"] > 0 and figures["votes"]["p99 ack"] > 0
    assert figures["inserts"]["inserts"] > 0 and figures["inserts"]["vote rate / insert rate"] > 0
    assert figures["schedule"]["start-up"] > 0 and figures["schedule"]["memory peak"] > 0
    large = figures["schedule_100k"]  # 200 clubs at this scale
    assert large["start-up"] > 0 and large["memory peak"] > 0 and large["seed"] > 0
    assert 30 < large["resident after start"] <= large["peak resident"]
    # One statement finds a token nobody has; a real one reads its club and sessions, no more.
    assert figures["feed"]["unknown token, statements"] == 1
    assert 1 < figures["feed"]["real token, statements"] <= 4
    assert 0 < figures["page"]["p50"] <= figures["page"]["p99"]
    assert figures["page"]["statements"] <= 12
    assert figures["delivery"]["sent"] == 2 and figures["delivery"]["sent twice"] == 0
    assert figures["delivery"]["over the rate limits"] == 0
    assert figures["tally"]["IRV"] > 0 and figures["tally"]["Schulze"] > 0
    assert figures["tally"]["IRV speed-up"] > 0  # pref_voting is a dev dependency
    assert figures["discord"]["p50"] > 0 and figures["slack"]["p99"] > 0
    # Two clicks each, every one answered and stored once, through the real clients.
    for key in ("discord_clicks", "slack_clicks"):
        assert figures[key]["votes stored"] == 2 and figures[key]["answered"] == 2, figures[key]
        assert figures[key]["ack p99"] > 0 and figures[key]["CPU per click, bot and fake"] > 0
        # The fake platform runs in a process of its own: the bot's share is reported apart.
        assert 0 < figures[key]["CPU per click, bot"] < figures[key]["CPU per click, bot and fake"]
        # The answer (on Discord after a "thinking…" ack, its edit) is waited for too.
        assert figures[key]["answer p99"] >= figures[key]["ack p50"] > 0, figures[key]
    assert 30 < figures["memory"]["resident after start"] <= figures["memory"]["peak resident"]


# Every row of the bench end to end (a subprocess, two real clients, 20 clubs seeded three
# times): minutes on a loaded 2-core machine, beyond the suite's default hang guard.
@pytest.mark.timeout(900)
def test_bench_json_on_sqlite_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A prefix of this test's own: another engineer's bench in the shared /tmp is no leak.
    mine = f"{PREFIX}t{os.getpid()}_"
    monkeypatch.setattr(scratch, "PREFIX", mine)
    before = _leftover_sqlite(mine)
    configured = tmp_path / "mine.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{configured}"}
    result = CliRunner().invoke(build_app(), ["bench", "--json", "--scale", str(SCALE)], env=env)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["backend"] == "sqlite"
    _check(report)
    assert not configured.exists(), "the configured database is never touched"
    assert _leftover_sqlite(mine) == before


@pytest.mark.timeout(900)
@pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"{PG_ENV} is not set")
async def test_bench_on_postgresql_drops_its_scratch_databases(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = os.environ[PG_ENV]
    # A prefix of this test's own, so a bench running beside it cannot be mistaken for a leak.
    mine = f"{PREFIX}t{os.getpid()}_"
    monkeypatch.setattr(scratch, "PREFIX", mine)
    report = await run_all(url, SCALE, progress=lambda _line: None)
    assert report.backend == "postgresql"
    _check(json.loads(json.dumps(report.as_json())))
    assert _bench_databases(url, mine) == set()


def test_the_table_shows_each_figure_with_its_target_and_verdict() -> None:
    from bot.bench.results import Figure, Row

    row = Row("votes", "1,000 distinct members voting at once (dispatcher)")
    row.add(Figure("p99 ack", 41.5, "ms", 30.0))
    row.add(Figure("throughput", 900.0, "votes/s"))
    skipped = Row("slack", "Slack round trip", skipped="skipped: needs a source checkout")
    console = Console(record=True, width=120)
    print_table(Report("sqlite", 1.0, "CPython", [row, skipped]), console)
    shown = console.export_text()
    assert "1,000 distinct members voting at once" in shown
    assert "41.5 ms" in shown and "≤ 30 ms" in shown and "MISS" in shown
    assert "skipped: needs a source checkout" in shown


def test_a_scratch_sqlite_database_is_migrated_and_removed() -> None:
    with scratch_database("sqlite:///nowhere/at/all.sqlite3") as url:
        assert migrate.current(url) == migrate.head()
        folder = Path(url.removeprefix("sqlite:///")).parent
        assert folder.name.startswith(PREFIX)
    assert not folder.exists()


def test_no_create_database_right_is_a_clear_error() -> None:
    # Nothing listens on port 9: the server cannot even be asked, which must read clearly too.
    with (
        pytest.raises(ScratchError, match="CREATE DATABASE"),
        scratch_database("postgresql://nobody@127.0.0.1:9/postgres"),
    ):
        pass


def test_only_the_rows_asked_for_are_measured(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'mine.sqlite3'}"}
    app = build_app()
    result = CliRunner().invoke(
        app, ["bench", "--json", "--scale", "0.002", "--only", "tally"], env=env
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    _check_schema(report)
    assert set(report["rows"]) == {"tally"}
    wrong = CliRunner().invoke(app, ["bench", "--only", "tally,speed"], env=env)
    assert wrong.exit_code == 2
    assert "no such bench row: speed" in wrong.stderr


async def test_a_row_that_breaks_is_reported_failed_and_the_others_still_measured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.bench import tally

    def broken(_ballots: int) -> None:
        raise TimeoutError("the fake platform never answered")

    monkeypatch.setattr(tally, "measure", broken)
    report = await runner.run_all(
        "sqlite:///nowhere.sqlite3", SCALE, progress=lambda _line: None, only=("tally", "delivery")
    )
    rows = json.loads(json.dumps(report.as_json()))
    _check_schema(rows)
    assert rows["rows"]["tally"]["verdict"] == "SKIPPED"
    assert "TimeoutError" in rows["rows"]["tally"]["skipped"]
    assert rows["rows"]["delivery"]["verdict"] in ("PASS", "MISS")
