"""Where `paperclub` finds its settings and its database, whatever the current directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import build_app
from bot.settings import ENV_FILE_VARIABLE, REPO_ROOT, Settings, load_settings
from bot.storage import migrate


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory outside the clone, with no env file named."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv(ENV_FILE_VARIABLE)
    for name in ("DATABASE_URL", "PAPERCLUB_DATABASE_URL", "PAPERCLUB_DATA_DIR", "DISCORD_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    return folder


def test_paperclub_run_reads_the_env_file_of_the_current_directory(elsewhere: Path) -> None:
    database = elsewhere / "from-dotenv.sqlite3"
    (elsewhere / ".env").write_text(f"DATABASE_URL=sqlite:///{database}\n# a comment\n")
    result = CliRunner().invoke(build_app(), ["run", "--platform", "console"], input="/paper\n")
    assert result.exit_code == 0, result.output
    assert migrate.current(f"sqlite:///{database}") == migrate.head()


def test_the_real_environment_wins_over_the_env_file(
    elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (elsewhere / ".env").write_text("PAPERCLUB_LOG_LEVEL=ERROR\nPAPERCLUB_HTTP_PORT=9999\n")
    monkeypatch.setenv("PAPERCLUB_HTTP_PORT", "8181")
    settings = load_settings()
    assert (settings.log_level, settings.http_port) == ("ERROR", 8181)


def test_the_default_database_is_the_same_file_from_any_directory(
    elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = load_settings().database_url
    monkeypatch.chdir(REPO_ROOT)
    assert (
        load_settings().database_url == here == f"sqlite:///{REPO_ROOT / 'var'}/paperclub.sqlite3"
    )


def test_a_relative_path_in_the_config_file_is_relative_to_that_file(
    elsewhere: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reproduction: migrate in one folder, back up from another, find the same database."""
    config = tmp_path / "site" / "paperclub.toml"
    config.parent.mkdir()
    config.write_text('database_url = "sqlite:///db/club.sqlite3"\nhttp_port = 0\n')
    monkeypatch.setenv("PAPERCLUB_CONFIG", str(config))
    runner = CliRunner()
    assert runner.invoke(build_app(), ["db", "upgrade"]).exit_code == 0
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.chdir(other)
    result = runner.invoke(build_app(), ["backup", "copy.json.gz"])
    assert result.exit_code == 0, result.output
    assert (other / "copy.json.gz").exists()
    assert (config.parent / "db" / "club.sqlite3").exists()
    assert not (other / "db").exists()


def test_backing_up_a_database_that_is_not_there_leaves_nothing_behind(
    elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:///nowhere/none.sqlite3")
    result = CliRunner().invoke(build_app(), ["backup", "copy.json.gz"])
    assert result.exit_code == 2
    assert "no database at" in result.stderr
    assert not (elsewhere / "nowhere").exists()


def test_data_dir_moves_the_default_database(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    assert settings.database_url == f"sqlite:///{tmp_path / 'data'}/paperclub.sqlite3"
