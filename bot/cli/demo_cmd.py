"""`paperclub demo`: watch a whole club play out on a simulated clock, in seconds."""

from __future__ import annotations

import sys

import typer

from bot.cli.common import fail, run
from bot.core.planning.calendar import zone_or_error


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo_command(
        weeks: int = typer.Option(2, "--weeks", min=1, max=12, help="How many weeks to play."),
        club_tz: str = typer.Option("Europe/Berlin", "--club-tz", help="The club's time zone."),
    ) -> None:
        """Play N weeks of a console club: announcements, reminders, RSVPs, check-ins, votes."""
        try:
            zone = zone_or_error(club_tz).key
        except ValueError as exc:
            fail(str(exc))
        from bot.demo import play

        run(play(weeks, zone, sys.stdout))
