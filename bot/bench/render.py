"""The bench report as a rich table or one JSON object."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from bot.bench.results import Figure, Report

STYLES = {"PASS": "green", "MISS": "bold red", "INFO": "dim", "SKIPPED": "yellow"}


def as_json(report: Report) -> str:
    return json.dumps(report.as_json(), indent=2, ensure_ascii=False)


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _target(figure: Figure) -> str:
    if figure.target is None:
        return ""
    return ("≤ " if figure.at_most else "≥ ") + f"{figure.target:g} {figure.unit}".strip()


def print_table(report: Report, console: Console) -> None:
    table = Table(title=f"paperclub bench · {report.backend} · scale {report.scale:g}")
    # Rows are keyed by a short name; the full description is in the notes and the JSON.
    for column in ("Measurement", "Figure", "Value", "Target", ""):
        table.add_column(column, justify="right" if column in ("Value",) else "left")
    for row in report.rows:
        if row.skipped is not None:
            table.add_row(row.label, "", "", "", Text(row.skipped, style=STYLES["SKIPPED"]))
            continue
        for n, figure in enumerate(row.figures):
            table.add_row(
                row.label if n == 0 else "",
                figure.name,
                f"{_number(figure.value)} {figure.unit}",
                _target(figure),
                Text(figure.verdict, style=STYLES[figure.verdict]),
            )
        table.add_section()
    console.print(table)
    for row in report.rows:
        for note in row.notes:
            console.print(f"[dim]{row.key}: {note}[/dim]", highlight=False)
    console.print(f"{report.python}; reproduce with: paperclub bench --scale {report.scale:g}")
