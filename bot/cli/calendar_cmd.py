"""`paperclub calendar CLUB`: export a club's iCalendar feed (the same one the bot serves)."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.cli.common import configure_logging, fail, run, settings_or_exit
from bot.core.domain.ids import ClubKey
from bot.settings import Settings


def register(app: typer.Typer) -> None:
    @app.command("calendar")
    def calendar_command(
        club: str = typer.Argument(..., metavar="CLUB", help="Like console:local:console."),
        output: Path | None = typer.Option(None, "--output", "-o", help="Write to a file."),
    ) -> None:
        """Export a club's upcoming sessions as an .ics calendar."""
        try:
            key = ClubKey.parse(club)
        except ValueError as exc:
            fail(str(exc))
        settings = settings_or_exit()
        configure_logging(settings, quiet=True)
        body = run(_export(settings, key))
        if body is None:
            fail(f"there is no club {club}")
        if output is None:
            typer.echo(body.decode("utf-8"), nl=False)
        else:
            output.write_bytes(body)

    async def _export(settings: Settings, key: ClubKey) -> bytes | None:
        from bot.bootstrap import build_services
        from bot.calendarfeed.club_feed import render
        from bot.core.usecases import calendar_feed

        services = await build_services(settings, load_papers=False)
        try:
            found = await calendar_feed.by_club(key, services.deps.store)
            return None if found is None else render(found)
        finally:
            await services.close()
