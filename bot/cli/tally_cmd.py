"""`paperclub tally`: count a CSV ballot file the way the bot counts a club vote."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from bot.core.voting import TallyResult, methods, tally
from bot.core.voting.ballot_file import BallotFile, BallotFileError, parse_ballot_file

# Click's own convention for bad usage, so scripts can tell "you typed it wrong" from a crash.
EXIT_USAGE = 2
BAR_WIDTH = 24
_PARTIAL_BLOCKS = " ▏▎▍▌▋▊▉"

TALLY_HELP = "\n\n".join(
    (
        "Count a ballot file with plurality, approval, IRV or Schulze.",
        "FILE is UTF-8 CSV text with one ballot per line, candidates in order of preference "
        "(for approval: the approved candidates). Blank lines are ignored and lines starting "
        "with # are comments. An optional first line '# candidates: A, B, C' fixes the "
        "candidates and the tie-break order; otherwise candidates are ordered by first "
        "appearance. Ties always go to the candidate earlier in that order.",
    )
)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code=EXIT_USAGE)


def _read_ballot_file(path: Path) -> BallotFile:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _fail(f"{path}: no such file") from None
    except IsADirectoryError:
        raise _fail(f"{path}: is a directory, not a ballot file") from None
    except OSError as exc:
        raise _fail(f"{path}: cannot read file ({exc.strerror or exc})") from None
    try:
        # utf-8-sig so files saved by spreadsheet programs (with a BOM) work too.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(f"{path}: not valid UTF-8 text (bad byte at offset {exc.start})") from None
    try:
        return parse_ballot_file(text)
    except BallotFileError as exc:
        raise _fail(f"{path}: {exc}") from None


def bar(value: int, maximum: int, width: int = BAR_WIDTH) -> str:
    """A unicode bar of ``width`` cells at full scale, with eighth-cell resolution."""
    if maximum <= 0 or value <= 0:
        return ""
    eighths = round(value * width * 8 / maximum)
    full, part = divmod(eighths, 8)
    return "█" * full + (_PARTIAL_BLOCKS[part] if part else "")


def _counts_table(result: TallyResult[str]) -> Table:
    table = Table(box=None)
    table.add_column("#", justify="right")
    table.add_column("Candidate")
    table.add_column(methods.method(result.method).measure.capitalize(), justify="right")
    table.add_column("")
    top = max(result.counts.values(), default=0)
    for place, candidate in enumerate(result.ranking, start=1):
        n = result.counts[candidate]
        table.add_row(str(place), Text(candidate), str(n), bar(n, top))
    return table


def _rounds_table(result: TallyResult[str]) -> Table:
    table = Table(box=None)
    table.add_column("Round", justify="right")
    for candidate in result.ranking:
        table.add_column(Text(candidate), justify="right")
    table.add_column("Exhausted", justify="right")
    table.add_column("Outcome")
    for r in result.rounds:
        cells = [str(r.counts[c]) if c in r.counts else "–" for c in result.ranking]
        table.add_row(str(r.number), *cells, str(r.exhausted), Text(r.summary))
    return table


def _pairwise_table(result: TallyResult[str]) -> Table:
    table = Table(box=None)
    table.add_column("")
    for candidate in result.ranking:
        table.add_column(Text(candidate), justify="right")
    for a in result.ranking:
        cells = [
            "–" if a == b else f"{result.pairwise[(a, b)]} ({result.strongest_paths[(a, b)]})"
            for b in result.ranking
        ]
        table.add_row(Text(a), *cells)
    return table


def _print_text(result: TallyResult[str], console: Console) -> None:
    blank = f", {result.blank} blank" if result.blank else ""
    title = methods.method(result.method).name
    console.print(Text(f"{title} · {result.total_ballots} ballots{blank}"))
    console.print(Text(f"Winner: {result.winner}", style="bold"))
    _section(console, methods.method(result.method).measure.capitalize())
    console.print(_counts_table(result))
    if result.rounds:
        _section(console, "IRV rounds")
        console.print(_rounds_table(result))
    if result.pairwise:
        _section(console, "Pairwise: ballots ranking row over column (strongest path)")
        console.print(_pairwise_table(result))
    if result.tie_break:
        _section(console, "Tie-breaks")
        for note in result.tie_break:
            # soft_wrap keeps each note on one line, so it can be grepped or copied whole.
            console.print(Text(f"• {note}"), soft_wrap=True)


def _section(console: Console, title: str) -> None:
    console.print()
    console.print(Text(title, style="bold"))


def register(app: typer.Typer) -> None:
    """Add the `tally` command to ``app``."""

    @app.command("tally", help=TALLY_HELP)
    def tally_command(
        file: Annotated[
            Path,
            typer.Argument(
                metavar="FILE", help="CSV ballot file, one ballot per line.", show_default=False
            ),
        ],
        method: Annotated[
            str | None,
            typer.Option(
                "--method", "-m", help="plurality, approval, irv or schulze.", show_default=False
            ),
        ] = None,
        as_json: Annotated[
            bool, typer.Option("--json", help="Print one JSON object instead of tables.")
        ] = False,
    ) -> None:
        # Validated by hand, not with a Choice, so a bad method is one line like every other error.
        if method is None:
            raise _fail(f"--method is required (one of {', '.join(methods.known())})")
        chosen = method.strip().lower()
        if chosen not in methods.known():
            known = ", ".join(methods.known())
            raise _fail(f"unknown method {method!r} (expected one of {known})")
        ballot_file = _read_ballot_file(file)
        if ballot_file.unknown:
            names = ", ".join(ballot_file.unknown)
            typer.echo(f"Warning: ignoring names not in the candidates header: {names}", err=True)

        result = tally(chosen, ballot_file.ballots, ballot_file.candidates)
        if as_json:
            typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        else:
            _print_text(result, Console(highlight=False))
