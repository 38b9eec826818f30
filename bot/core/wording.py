"""How the bot words counts, dates and durations, for every use case and every renderer.

One place on purpose: issue 17 puts the bot's wording through gettext/Babel, and plural rules
and date formats are exactly what a locale changes. Until then everything is English, spelled
out here rather than taken from `strftime`, whose `%a`/`%b` follow the process locale.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_ABBR = tuple(name[:3] for name in WEEKDAY_NAMES)
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_IRREGULAR = {"person": "people"}


def plural(count: int, singular: str, many: str | None = None) -> str:
    """`plural(1, "ballot")` → "1 ballot"; `plural(3, "ballot")` → "3 ballots"; the plural
    form is given where adding an s is wrong (`plural(2, "match", "matches")`)."""
    if count == 1:
        return f"{count} {singular}"
    return f"{count:,} {many or _IRREGULAR.get(singular) or singular + 's'}"


def join_names(names: Sequence[str]) -> str:
    """`["A"]` → "A"; `["A", "B", "C"]` → "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def format_day(day: date) -> str:
    """E.g. "Wed 1 Jan 2020": a day as members read it."""
    return f"{WEEKDAY_ABBR[day.weekday()]} {day.day} {MONTH_ABBR[day.month - 1]} {day.year}"


def format_short_day(day: date) -> str:
    """E.g. "1 Jan": a day in a chart's label, where the year goes without saying."""
    return f"{day.day} {MONTH_ABBR[day.month - 1]}"


def format_local(instant: datetime, zone: str) -> str:
    """E.g. "Wed 7 Oct 2026, 18:00 CEST": an instant on the club's clock."""
    if instant.tzinfo is None:
        raise ValueError(f"instant must be timezone-aware, got naive {instant.isoformat()}.")
    local = instant.astimezone(ZoneInfo(zone))
    return f"{format_day(local.date())}, {local:%H:%M} {local.tzname()}"


def format_minutes(minutes: int) -> str:
    """A lead time or a length as people say it: "3 days", "1 hour", "1 hour 30 minutes",
    "2 days 6 hours", "0 minutes"."""
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [plural(n, unit) for n, unit in ((days, "day"), (hours, "hour"), (mins, "minute")) if n]
    return " ".join(parts) or plural(0, "minute")


def on_off(value: bool) -> str:
    return "on" if value else "off"
