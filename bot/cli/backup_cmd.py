"""`paperclub backup FILE` and `paperclub restore FILE`."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.cli.common import fail, settings_or_exit
from bot.storage.backup import DEFAULT_MAX_BYTES, BackupError, backup, restore
from bot.storage.engine import missing_sqlite_file


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {n}" for name, n in counts.items() if n)


def register(app: typer.Typer) -> None:
    @app.command("backup")
    def backup_command(
        file: Path = typer.Argument(..., help="e.g. paperclub-2026-11-21.json.gz"),
    ) -> None:
        """Write the whole database to a portable, compressed JSON file."""
        settings = settings_or_exit()
        missing = missing_sqlite_file(settings.database_url)
        if missing is not None:
            # Opening it would leave an empty database behind and back up nothing.
            fail(f"no database at {missing} (set DATABASE_URL or PAPERCLUB_DATA_DIR)")
        try:
            counts = backup(settings.database_url, file)
        except (BackupError, OSError) as exc:
            fail(str(exc))
        typer.echo(f"backed up to {file}: {_summary(counts)}")

    @app.command("restore")
    def restore_command(
        file: Path = typer.Argument(..., exists=True, dir_okay=False),
        max_mb: int = typer.Option(
            DEFAULT_MAX_BYTES // (1024 * 1024),
            "--max-mb",
            min=1,
            help="The most the backup may decompress to, in MB.",
        ),
    ) -> None:
        """Load a backup into an empty database (SQLite or PostgreSQL), then migrate it."""
        settings = settings_or_exit()
        try:
            counts = restore(settings.database_url, file, max_bytes=max_mb * 1024 * 1024)
        except (BackupError, OSError) as exc:
            fail(str(exc))
        typer.echo(f"restored from {file}: {_summary(counts)}")
