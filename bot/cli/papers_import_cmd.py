"""`paperclub papers validate` and `paperclub papers import`: reading lists from files.

Exit codes: 0 fine, 1 the files have problems (nothing was changed), 2 a file could not be read
or the import could not be applied; errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot import eventloop

if TYPE_CHECKING:
    from bot.readinglist.import_history import LoggedMeeting
    from bot.readinglist.merge import ImportPlan
    from bot.readinglist.parsers import ParseResult
    from bot.readinglist.schema import PaperEntry

EXIT_PROBLEMS = 1
EXIT_ERROR = 2
# Below this many entries an import is instant and a progress bar would only flicker.
_PROGRESS_MIN_ENTRIES = 200

FilesArg = Annotated[
    list[Path], typer.Argument(help="Reading-list files to read.", show_default=False)
]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=EXIT_ERROR)


def _parse_all(files: Sequence[Path]) -> list[ParseResult]:
    from bot.readinglist.parsers import ReadError, TooManyEntries, UnknownFormat, parse_file

    results = []
    for path in files:
        try:
            results.append(parse_file(path))
        except TooManyEntries as exc:
            raise _fail(f"{path}: {exc}") from None
        except (ReadError, UnknownFormat) as exc:
            raise _fail(str(exc)) from None
    return results


def _print_problems(results: Sequence[ParseResult]) -> int:
    count = 0
    for result in results:
        for problem in result.problems:
            typer.echo(problem.describe(result.source))
            count += 1
    return count


def _current_list(path: Path | None) -> list[PaperEntry]:
    if path is None:
        return []
    from bot.readinglist.parsers import ReadError, TooManyEntries, UnknownFormat, parse_file

    try:
        result = parse_file(path)
    except TooManyEntries as exc:
        raise _fail(f"{path}: {exc}") from None
    except (ReadError, UnknownFormat) as exc:
        raise _fail(str(exc)) from None
    if result.problems:
        first = result.problems[0].describe(result.source)
        raise _fail(f"the current list has {len(result.problems)} problem(s), first: {first}")
    return list(result.entries)


def _merge_with_progress(current: list[PaperEntry], results: Sequence[ParseResult]) -> ImportPlan:
    from bot.readinglist.merge import Rejected, merge

    incoming = [entry for result in results for entry in result.entries]
    rejected = [
        Rejected(p.entry or "(file)", p.message, result.source, p.line)
        for result in results
        for p in result.problems
    ]
    if len(incoming) < _PROGRESS_MIN_ENTRIES or not sys.stderr.isatty():
        return merge(current, incoming, rejected=rejected)
    from rich.console import Console
    from rich.progress import Progress

    # Merging in chunks lets the bar move; the result equals one merge over everything.
    plan = merge(current, [], rejected=rejected)
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("Merging", total=len(incoming))
        chunk = 100
        for start in range(0, len(incoming), chunk):
            step = merge(plan.papers, incoming[start : start + chunk])
            plan.added += step.added
            plan.merged += step.merged
            plan.rejected += step.rejected
            plan.placement += step.placement  # positions in plan.papers: those only grow
            plan.papers = step.papers
            progress.advance(task, len(incoming[start : start + chunk]))
    plan.existing_count = len(current)
    return plan


def _print_report(plan: ImportPlan) -> None:
    if sys.stdout.isatty():
        from rich.console import Console

        from bot.readinglist.report import render_table

        Console().print(render_table(plan))
    else:
        typer.echo(plan.render_text())


def _print_content_problems(results: Sequence[ParseResult]) -> int:
    """Reading-order and content checks, for lists in our own format (the ones that carry
    curated prompts): see bot/readinglist/checks.py."""
    from bot.readinglist.checks import check_reading_list
    from bot.readinglist.parsers.structured import FORMAT_JSON, FORMAT_YAML

    count = 0
    for result in results:
        if result.format not in (FORMAT_YAML, FORMAT_JSON) or result.problems:
            continue
        for problem in check_reading_list(result.entries):
            typer.echo(f"{result.source} ({problem.entry!r}): {problem.message}")
            count += 1
    return count


def validate(files: FilesArg) -> None:
    """Check reading-list files and report every problem with the entry it is in: the schema,
    and for lists in paperclub's own format, prompts that name papers read later, years that
    disagree with the arXiv id, and template prompts shared between papers."""
    results = _parse_all(files)
    problems = _print_problems(results)
    problems += _print_content_problems(results)
    if problems:
        typer.echo(f"{problems} problem(s) in {len(files)} file(s)", err=True)
        raise typer.Exit(code=EXIT_PROBLEMS)
    total = sum(len(result.entries) for result in results)
    typer.echo(f"ok: {total} papers")


def import_(
    files: FilesArg,
    club: Annotated[
        str | None, typer.Option("--club", help="Club to import into (default: the shared list).")
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Do everything the import would (check the club, look ids up, merge) and show "
            "the report, without changing anything.",
        ),
    ] = False,
    current: Annotated[
        Path | None,
        typer.Option("--current", help="A reading-list file to merge into, for a dry run."),
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the valid entries despite problems.")
    ] = False,
) -> None:
    """Import papers from reading-list files, merging duplicates into the existing list."""
    results = _parse_all(files)
    for result in results:
        _print_notes(result, meetings=club is None)
    if current is not None:
        # A dry run against a file: no database, the merge the file itself would get.
        plan = _merge_with_progress(_current_list(current), results)
        _print_report(plan)
        if plan.rejected and not skip_invalid:
            _refuse(len(plan.rejected))
        needs_lookup = sum(len(result.needs_lookup) for result in results)
        if needs_lookup:
            typer.echo(
                f"{needs_lookup} papers have placeholder titles until their metadata is looked up"
            )
        typer.echo("dry run: nothing was changed")
        return
    plan = _merge_with_progress([], results)
    if plan.rejected and not skip_invalid:
        _print_report(plan)
        _refuse(len(plan.rejected))
    meetings = _meetings(results, plan)
    typer.echo(_apply(club, plan, meetings, skip_invalid=skip_invalid, dry_run=dry_run))
    if dry_run:
        typer.echo("dry run: nothing was changed")


def _meetings(results: Sequence[ParseResult], plan: ImportPlan) -> list[LoggedMeeting]:
    """The logs' dated entries, naming the plan's papers they read (by place in plan.papers)."""
    from bot.readinglist.import_history import logged

    out: list[LoggedMeeting] = []
    offset = 0
    for result in results:
        for meeting in logged(result.meetings, result.entries):
            places = (plan.placement[offset + i] for i in meeting.entries)
            out.append(replace(meeting, entries=tuple(k for k in places if k >= 0)))
        offset += len(result.entries)
    return out


def _print_notes(result: ParseResult, *, meetings: bool) -> None:
    from bot.readinglist.report import parse_notes

    text_lines = parse_notes(result, meetings=meetings)
    if text_lines:
        typer.echo(f"{result.source}: {len(result.entries)} papers read as {result.format}")
        for line in text_lines:
            typer.echo(line)


def _refuse(count: int) -> None:
    typer.echo(
        f"{count} entries have problems; nothing was imported "
        "(fix them, or pass --skip-invalid to import the rest)",
        err=True,
    )
    raise typer.Exit(code=EXIT_PROBLEMS)


def _apply(
    club: str | None,
    plan: ImportPlan,
    meetings: Sequence[LoggedMeeting],
    *,
    skip_invalid: bool,
    dry_run: bool,
) -> str:
    # Imported here: validating a list needs no database, so `validate` stays quick to start.
    from bot.cli.papers_apply import apply_import
    from bot.settings import ConfigError, load_settings

    try:
        settings = load_settings()
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    try:
        return str(
            eventloop.run(
                apply_import(
                    settings,
                    club,
                    plan,
                    meetings,
                    skip_invalid=skip_invalid,
                    dry_run=dry_run,
                )
            )
        )
    except Exception as exc:  # the CLI's promise is one line, never a traceback
        what = "the dry run failed" if dry_run else "the import was not applied"
        raise _fail(f"{what}: {_message(exc)}") from None


def _message(exc: Exception) -> str:
    from bot.core.domain.errors import PaperclubError

    return exc.message if isinstance(exc, PaperclubError) else str(exc)


def register(papers_app: typer.Typer) -> None:
    papers_app.command("validate")(validate)
    papers_app.command("import")(import_)
