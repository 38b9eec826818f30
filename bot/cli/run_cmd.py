"""`paperclub run`: start the bot on the configured platforms, or the console club."""

from __future__ import annotations

from enum import StrEnum

import typer

from bot.cli.common import configure_logging, fail, run, settings_or_exit


class PlatformChoice(StrEnum):
    CONSOLE = "console"
    DISCORD = "discord"
    SLACK = "slack"
    ALL = "all"


def register(app: typer.Typer) -> None:
    @app.command("run")
    def run_command(
        platform: PlatformChoice | None = typer.Option(
            None,
            "--platform",
            "-p",
            help="Where to run. Default: every platform with credentials, else the console.",
        ),
    ) -> None:
        """Run the bot. With no tokens configured it opens a local console club on SQLite."""
        settings = settings_or_exit()
        configured = settings.platforms_configured()
        if platform is None:
            chosen = configured or ["console"]
        elif platform == PlatformChoice.ALL:
            chosen = configured or fail("no platform has credentials; set DISCORD_TOKEN or SLACK_*")
        else:
            chosen = [platform.value]
        # In the terminal, routine INFO lines would interleave with the chat.
        configure_logging(settings, quiet=chosen == ["console"])
        from bot.runtime import run_platforms

        # The console alone on the stdlib's loop: its prompt's history (bot/eventloop.py).
        run(run_platforms(settings, chosen), stdlib_loop=chosen == ["console"])
