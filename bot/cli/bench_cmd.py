"""`paperclub bench`: measure votes, inserts, start-up, delivery, tallies and round trips."""

from __future__ import annotations

import sys

import typer

from bot.cli.common import fail, run, settings_or_exit


def register(app: typer.Typer) -> None:
    @app.command("bench")
    def bench_command(
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead."),
        scale: float = typer.Option(
            1.0, "--scale", min=0.0001, max=1.0, help="Run every measurement at this fraction."
        ),
        only: str = typer.Option(
            "", "--only", help="Only these rows, comma-separated (see the README's table)."
        ),
    ) -> None:
        """Benchmark the bot on a scratch copy of the configured database (never your data)."""
        settings = settings_or_exit()
        from rich.console import Console

        from bot.bench.render import as_json as render_json
        from bot.bench.render import print_table
        from bot.bench.runner import ROWS, run_all
        from bot.bench.scratch import ScratchError

        errors = Console(stderr=True)
        rows = [name.strip() for name in only.split(",") if name.strip()] or list(ROWS)
        unknown = sorted(set(rows) - set(ROWS))
        if unknown:
            fail(f"no such bench row: {', '.join(unknown)} (rows: {', '.join(ROWS)})")

        def progress(line: str) -> None:
            errors.print(f"[dim]… {line}[/dim]")

        try:
            report = run(run_all(settings.database_url, scale, progress, rows))
        except ScratchError as exc:
            fail(str(exc))
        if as_json:
            sys.stdout.write(render_json(report) + "\n")
        else:
            # Not a terminal (a pipe, a file, CI logs): wide enough that no cell wraps.
            print_table(report, Console(width=None if sys.stdout.isatty() else 110))
