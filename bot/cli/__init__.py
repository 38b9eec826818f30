"""The `paperclub` command. Each sub-command lives in its own module and registers itself here."""

from __future__ import annotations

import os
import sys

import typer


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="paperclub",
        help="Run a research paper club on Discord, Slack or the terminal.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    # Imported here, not at module level, so `import bot.cli` stays free of side effects and cheap.
    from bot.cli import backup_cmd, db_cmd, export_cmd, papers_cmd, run_cmd, schedule_cmd, tally_cmd

    for module in (run_cmd, db_cmd, backup_cmd, papers_cmd, schedule_cmd, tally_cmd, export_cmd):
        module.register(app)
    from bot.cli import bench_cmd, calendar_cmd, demo_cmd, discord_cmd

    for module in (calendar_cmd, demo_cmd, bench_cmd, discord_cmd):
        module.register(app)
    return app


def main() -> None:
    """The console script: every failure ends in one line on stderr and a non-zero exit code.

    Commands turn the errors they expect into their own messages; anything else (a bug, a
    library's surprise) is caught here. PAPERCLUB_TRACEBACK=1 shows the traceback instead."""
    try:
        build_app()()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("PAPERCLUB_TRACEBACK"):
            raise
        reason = (str(exc).splitlines() or [""])[0][:300]
        sys.stderr.write(
            f"paperclub: unexpected error: {type(exc).__name__}"
            f"{': ' + reason if reason else ''} (PAPERCLUB_TRACEBACK=1 shows where)\n"
        )
        sys.exit(1)
