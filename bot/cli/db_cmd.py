"""`paperclub db upgrade|downgrade|current`: schema migrations."""

from __future__ import annotations

import typer

from bot.cli.common import fail, settings_or_exit
from bot.storage import migrate


def register(app: typer.Typer) -> None:
    db = typer.Typer(help="Database migrations.", no_args_is_help=True)
    app.add_typer(db, name="db")

    @db.command("upgrade")
    def upgrade(revision: str = typer.Argument("head")) -> None:
        """Apply migrations up to REVISION (default: the newest)."""
        settings = settings_or_exit()
        try:
            migrate.upgrade(settings.database_url, revision)
        except Exception as exc:
            fail(f"migration failed: {exc}")
        typer.echo(f"database at {migrate.current(settings.database_url)}")

    @db.command("downgrade")
    def downgrade(revision: str = typer.Argument(..., help="e.g. -1, or base")) -> None:
        """Undo migrations down to REVISION."""
        settings = settings_or_exit()
        try:
            migrate.downgrade(settings.database_url, revision)
        except Exception as exc:
            fail(f"downgrade failed: {exc}")
        typer.echo(f"database at {migrate.current(settings.database_url) or 'base'}")

    @db.command("current")
    def current() -> None:
        """Show the database's revision and the newest one this code knows."""
        settings = settings_or_exit()
        typer.echo(f"current: {migrate.current(settings.database_url) or 'none'}")
        typer.echo(f"head:    {migrate.head()}")
