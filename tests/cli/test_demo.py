"""`paperclub demo` plays a whole club out, with members who RSVP, attend and vote."""

from __future__ import annotations

from typer.testing import CliRunner

from bot.cli import build_app


def test_demo_plays_three_weeks_to_the_end() -> None:
    result = CliRunner().invoke(
        build_app(), ["demo", "--weeks", "3", "--club-tz", "Asia/Kathmandu"]
    )
    assert result.exit_code == 0, result.output
    out = result.output
    for kind in ("announcement", "reminder", "start", "vote_open", "vote_closed"):
        assert f"· {kind}" in out
    assert "alice › /rsvp going" in out
    assert "bob › /attend" in out
    assert "chen › /vote 1" in out
    assert "🏆" in out  # a winner
    assert "3 week(s) later" in out
    assert "Wed 25 Nov 2026, 18:00 +0545" in out


def test_demo_refuses_an_unknown_zone() -> None:
    result = CliRunner().invoke(build_app(), ["demo", "--club-tz", "Mars/Olympus"])
    assert result.exit_code == 2
    assert "Unknown time zone" in result.output
