"""A bad setting stops the bot with one clear line naming the key, never a traceback."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from bot.cli import build_app


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DATABASE_URL": "mysql://root@db/x"}, "DATABASE_URL: use sqlite:///"),
        (
            {"PAPERCLUB_CLUB_DEFAULTS__TIMEZONE": "Mars/Base"},
            "club_defaults.timezone: Unknown time zone",
        ),
        ({"PAPERCLUB_CLUB_DEFAULTS__TIME": "25:99"}, "club_defaults.time"),
        ({"PAPERCLUB_HTTP_PORT": "eighty"}, "HTTP_PORT"),
        ({"PAPERCLUB_LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
    ],
)
def test_bad_settings_give_one_line_naming_the_key(env: dict[str, str], expected: str) -> None:
    result = CliRunner().invoke(build_app(), ["run", "--platform", "console"], env=env, input="")
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_tokens_never_echo_in_config_errors() -> None:
    result = CliRunner().invoke(
        build_app(),
        ["run"],
        env={"DISCORD_TOKEN": "secret-token-123456789", "PAPERCLUB_HTTP_PORT": "-5"},
        input="",
    )
    assert result.exit_code == 2
    assert "secret-token-123456789" not in result.stderr + result.stdout


def test_a_platform_without_credentials_is_refused_before_anything_starts(tmp_path: object) -> None:
    from pathlib import Path

    database = Path(str(tmp_path)) / "never.sqlite3"
    result = CliRunner().invoke(
        build_app(),
        ["run", "--platform", "discord"],
        env={"DATABASE_URL": f"sqlite:///{database}", "DISCORD_TOKEN": ""},
        input="",
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "paperclub: DISCORD_TOKEN is not set: create a bot in the Discord developer portal "
        "and set it."
    )
    assert not database.exists()
