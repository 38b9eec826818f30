"""`paperclub schedule preview`."""

from __future__ import annotations

import json
import re
import sys
import types
from datetime import UTC, datetime
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from bot.cli import schedule_cmd

EXAMPLE = [
    "schedule",
    "preview",
    "--weekday",
    "wed",
    "--time",
    "18:00",
    "--tz",
    "Europe/Berlin",
    "--from",
    "2026-10-01",
    "--weeks",
    "8",
]


def make_app(now: datetime = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)) -> typer.Typer:
    # A local app rather than bot.cli.build_app(), which imports sibling commands still in flux.
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

    @app.callback()
    def root() -> None:
        """Test root, so `schedule` stays a sub-command as in the real CLI."""

    schedule_cmd.register(app, clock=lambda: now)
    return app


def invoke(args: list[str], app: typer.Typer | None = None) -> Any:
    return CliRunner().invoke(app or make_app(), args)


def test_table_for_the_issue_example() -> None:
    result = invoke(EXAMPLE)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.splitlines()[0] == (
        "Wednesdays at 18:00 Europe/Berlin, every week: 8 sessions in the 8 weeks from 2026-10-01."
    )
    rows = [line for line in out.splitlines() if re.match(r"\d+ ", line)]
    assert len(rows) == 8
    first = ["1", "Wed", "7", "Oct", "2026,", "18:00", "CEST", "2026-10-07", "16:00", "UTC"]
    assert rows[0].split() == first
    assert "Wed 21 Oct 2026, 18:00 CEST" in rows[2] and "2026-10-21 16:00 UTC" in rows[2]
    assert "Wed 28 Oct 2026, 18:00 CET" in rows[3] and "2026-10-28 17:00 UTC" in rows[3]
    assert "Wed 25 Nov 2026, 18:00 CET" in rows[7] and "2026-11-25 17:00 UTC" in rows[7]


def test_json_for_the_issue_example() -> None:
    result = invoke([*EXAMPLE, "--json"])
    assert result.exit_code == 0, result.output
    sessions = json.loads(result.stdout)
    assert len(sessions) == 8
    assert sessions[0] == {
        "local": "2026-10-07T18:00:00+02:00",
        "utc": "2026-10-07T16:00:00+00:00",
        "zone_abbreviation": "CEST",
    }
    assert [s["local"][:10] for s in sessions] == [
        "2026-10-07",
        "2026-10-14",
        "2026-10-21",
        "2026-10-28",
        "2026-11-04",
        "2026-11-11",
        "2026-11-18",
        "2026-11-25",
    ]
    assert all(s["local"][10:] == "T18:00:00" + s["local"][19:] for s in sessions)
    for s in sessions:
        utc = datetime.fromisoformat(s["utc"])
        assert s["utc"].endswith("+00:00")
        assert utc == datetime.fromisoformat(s["local"])
        before_change = utc < datetime(2026, 10, 25, tzinfo=UTC)
        assert utc.strftime("%H:%M") == ("16:00" if before_change else "17:00")
        assert s["zone_abbreviation"] == ("CEST" if before_change else "CET")


def test_cadence_counts_sessions_in_the_window() -> None:
    # The window is 8 weeks; every 3 weeks from the first Wednesday gives weeks 0, 3, 6.
    result = invoke([*EXAMPLE, "--cadence", "3", "--json"])
    assert result.exit_code == 0, result.output
    assert [s["local"][:10] for s in json.loads(result.stdout)] == [
        "2026-10-07",
        "2026-10-28",
        "2026-11-18",
    ]


def test_window_includes_a_session_on_the_from_date_and_excludes_the_end() -> None:
    args = [*EXAMPLE, "--json"]
    args[args.index("2026-10-01")] = "2026-10-07"
    args[args.index("8")] = "2"
    result = invoke(args)
    assert [s["local"][:10] for s in json.loads(result.stdout)] == ["2026-10-07", "2026-10-14"]


def test_from_defaults_to_today_in_the_club_zone() -> None:
    # 23:30 UTC on Tue 6 Oct is already Wed 7 Oct in Tokyo, so the window starts on the 7th.
    app = make_app(now=datetime(2026, 10, 6, 23, 30, tzinfo=UTC))
    args = ["schedule", "preview", "--weekday", "tue", "--time", "9am", "--tz", "Asia/Tokyo"]
    result = invoke([*args, "--weeks", "1", "--json"], app)
    assert result.exit_code == 0, result.output
    assert [s["local"] for s in json.loads(result.stdout)] == ["2026-10-13T09:00:00+09:00"]


def test_spring_gap_time_is_shown_where_it_lands() -> None:
    args = ["schedule", "preview", "--weekday", "sun", "--time", "2:30am"]
    args += ["--tz", "America/New_York", "--from", "2026-03-08", "--weeks", "1", "--json"]
    result = invoke(args)
    assert json.loads(result.stdout) == [
        {
            "local": "2026-03-08T03:30:00-04:00",
            "utc": "2026-03-08T07:30:00+00:00",
            "zone_abbreviation": "EDT",
        }
    ]


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        (
            "--tz",
            "Europe/Berln",
            "Unknown time zone 'Europe/Berln'. Use an IANA name like Europe/Berlin.",
        ),
        ("--weekday", "someday", "Unknown weekday 'someday'"),
        ("--time", "25:00", "Unknown time '25:00'"),
        ("--time", "6", "Unknown time '6'"),
        ("--from", "1/10/2026", "Invalid --from date '1/10/2026'"),
        ("--weeks", "0", "Invalid --weeks 0"),
        ("--cadence", "0", "Invalid cadence 0"),
        ("--cadence", "53", "Invalid cadence 53"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(flag: str, value: str, message: str) -> None:
    args = list(EXAMPLE)
    if flag in args:
        args[args.index(flag) + 1] = value
    else:
        args += [flag, value]
    result = invoke(args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: ")
    assert message in lines[0]
    assert "Traceback" not in result.output


def test_help_defines_the_window() -> None:
    result = invoke(["schedule", "preview", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "sessions in the N weeks starting at --from" in text


def test_registered_in_the_real_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.cli

    # Sibling command modules may not exist yet in this checkout; stand in for just those.
    for _ in range(10):
        try:
            app = bot.cli.build_app()
            break
        except ImportError as exc:
            missing = re.search(r"cannot import name '(\w+)' from 'bot\.cli'", str(exc))
            if missing is None:
                raise
            stub = types.ModuleType(f"bot.cli.{missing[1]}")
            stub.register = lambda app: None  # type: ignore[attr-defined]
            monkeypatch.setitem(sys.modules, stub.__name__, stub)
    else:
        pytest.fail("build_app() kept failing to import its command modules")
    result = CliRunner().invoke(app, [*EXAMPLE, "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 8
