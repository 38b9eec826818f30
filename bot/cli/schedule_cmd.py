"""`paperclub schedule ...`: check what a weekly meeting rule means before a club commits to it."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

import typer

from bot.core.clock import SystemClock
from bot.core.planning.calendar import (
    WEEKDAY_NAMES,
    WeeklyRule,
    format_local,
    local_to_utc,
    meeting_dates,
    parse_local_time,
    parse_weekday,
    zone_or_error,
)

Clock = Callable[[], datetime]

# Click's own convention for bad usage, so scripts can tell "you typed it wrong" from a crash.
EXIT_USAGE = 2
MAX_PREVIEW_WEEKS = 520

# Paragraphs are single strings because the help renderer re-wraps text but keeps hard newlines.
PREVIEW_HELP = "\n\n".join(
    (
        "Show the session times a weekly rule produces, in local time and UTC.",
        "Lists the sessions in the N weeks starting at --from: every session whose local date "
        "falls in the N x 7 days beginning on the --from date. The first session is the first "
        "--weekday on or after --from; with --cadence C the next ones follow every C weeks, so "
        "there are ceil(N / C) sessions.",
        "A time that falls in a DST gap moves forward by the length of the gap; a time that "
        "occurs twice when clocks go back uses the first occurrence.",
    )
)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code=EXIT_USAGE)


def register(app: typer.Typer, *, clock: Clock | None = None) -> None:
    """Add the `schedule` group to ``app``. ``clock`` supplies "today" when --from is omitted
    (the system clock unless a test or the demo passes its own)."""
    today_from = clock or SystemClock().now
    schedule = typer.Typer(
        name="schedule",
        help="Work with a club's meeting schedule.",
        no_args_is_help=True,
    )

    @schedule.command("preview", help=PREVIEW_HELP)
    def preview(
        weekday: Annotated[
            str, typer.Option("--weekday", help="Meeting day, e.g. wed or Wednesday.")
        ],
        at: Annotated[str, typer.Option("--time", help="Local start time, e.g. 18:00 or 6pm.")],
        tz: Annotated[str, typer.Option("--tz", help="IANA time zone, e.g. Europe/Berlin.")],
        start: Annotated[
            str | None,
            typer.Option(
                "--from",
                help="First day of the window, YYYY-MM-DD. Default: today in --tz.",
                show_default=False,
            ),
        ] = None,
        weeks: Annotated[int, typer.Option("--weeks", help="Length of the window in weeks.")] = 8,
        cadence: Annotated[int, typer.Option("--cadence", help="Meet every C weeks.")] = 1,
        as_json: Annotated[
            bool, typer.Option("--json", help="Print a JSON list instead of a table.")
        ] = False,
    ) -> None:
        try:
            weekday_index = parse_weekday(weekday)
            local_time = parse_local_time(at)
            zone = zone_or_error(tz)
        except ValueError as exc:
            raise _fail(str(exc)) from None
        if start is None:
            first_day = today_from().astimezone(zone).date()
        else:
            try:
                first_day = date.fromisoformat(start.strip())
            except ValueError:
                raise _fail(f"Invalid --from date {start!r}. Use YYYY-MM-DD.") from None
        if not 1 <= weeks <= MAX_PREVIEW_WEEKS:
            raise _fail(f"Invalid --weeks {weeks}: use 1 to {MAX_PREVIEW_WEEKS}.")
        # The window's first matching weekday anchors the cadence, so the preview always starts
        # with a session rather than possibly skipping the first week.
        anchor = first_day + timedelta(days=(weekday_index - first_day.weekday()) % 7)
        try:
            rule = WeeklyRule(
                weekday=weekday_index,
                local_time=local_time,
                timezone=zone.key,
                cadence_weeks=cadence,
                anchor=anchor,
            )
        except ValueError as exc:
            raise _fail(str(exc)) from None

        stop = first_day + timedelta(weeks=weeks)
        instants = [
            local_to_utc(day, rule.local_time, zone)
            for day in meeting_dates(rule, start=first_day, stop=stop)
        ]
        if as_json:
            typer.echo(json.dumps(_as_records(instants, rule), indent=2, ensure_ascii=False))
        else:
            typer.echo(_as_table(instants, rule, first_day, weeks))

    app.add_typer(schedule)


def _as_records(instants: list[datetime], rule: WeeklyRule) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for instant in instants:
        local = instant.astimezone(rule.zone)
        records.append(
            {
                "local": local.isoformat(),
                "utc": instant.astimezone(UTC).isoformat(),
                "zone_abbreviation": local.tzname(),
            }
        )
    return records


def _as_table(instants: list[datetime], rule: WeeklyRule, first_day: date, weeks: int) -> str:
    every = "every week" if rule.cadence_weeks == 1 else f"every {rule.cadence_weeks} weeks"
    sessions = "1 session" if len(instants) == 1 else f"{len(instants)} sessions"
    span = "1 week" if weeks == 1 else f"{weeks} weeks"
    header = (
        f"{WEEKDAY_NAMES[rule.weekday]}s at {rule.local_time:%H:%M} {rule.timezone}, {every}: "
        f"{sessions} in the {span} from {first_day.isoformat()}."
    )
    rows = [
        (str(number), format_local(instant, rule.timezone), f"{instant:%Y-%m-%d %H:%M} UTC")
        for number, instant in enumerate(instants, start=1)
    ]
    titles = ("#", "Local", "UTC")
    widths = [max(len(row[i]) for row in [titles, *rows]) for i in range(len(titles))]
    lines = [header, ""]
    for row in [titles, *rows]:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return "\n".join(line.rstrip() for line in lines)
