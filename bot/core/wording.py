"""How the bot words counts, dates and durations, for every use case and every renderer.

One place on purpose: plural rules and date formats are exactly what a locale changes. Each
function returns a `bot.core.text` value, English as a `str`, that the renderer says again in
the club's language (Babel's plural rules, `format_skeleton` dates, `format_list` names).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime

from bot.core.text import WEEKDAY_NAMES, Moment, MomentForm, Names, Text, t, tn

__all__ = [
    "WEEKDAY_NAMES",
    "format_day",
    "format_local",
    "format_minutes",
    "format_short_day",
    "join_names",
    "on_off",
    "plural",
    "spoken_usage",
    "weekday_name",
]

# Every counted thing the bot says, each a literal catalog message so `pybabel extract` finds
# both forms; a word missing here is a programming error, caught by the first test that says it.
_UNITS: dict[str, Callable[[int], Text]] = {
    "approval": lambda n: tn("{n} approval", "{n} approvals", n),
    "ballot": lambda n: tn("{n} ballot", "{n} ballots", n),
    "continuing vote": lambda n: tn("{n} continuing vote", "{n} continuing votes", n),
    "day": lambda n: tn("{n} day", "{n} days", n),
    "hour": lambda n: tn("{n} hour", "{n} hours", n),
    "member": lambda n: tn("{n} member", "{n} members", n),
    "minute": lambda n: tn("{n} minute", "{n} minutes", n),
    "paper": lambda n: tn("{n} paper", "{n} papers", n),
    "person": lambda n: tn("{n} person", "{n} people", n),
    "reminder": lambda n: tn("{n} reminder", "{n} reminders", n),
    "session": lambda n: tn("{n} session", "{n} sessions", n),
    "vote": lambda n: tn("{n} vote", "{n} votes", n),
    "week": lambda n: tn("{n} week", "{n} weeks", n),
}

_WEEKDAYS = (
    lambda: t("Monday"),
    lambda: t("Tuesday"),
    lambda: t("Wednesday"),
    lambda: t("Thursday"),
    lambda: t("Friday"),
    lambda: t("Saturday"),
    lambda: t("Sunday"),
)


def plural(count: int, unit: str) -> Text:
    """`plural(1, "ballot")` → "1 ballot"; `plural(3, "ballot")` → "3 ballots"."""
    try:
        return _UNITS[unit](count)
    except KeyError:
        raise ValueError(f"no catalog message counts {unit!r}; add it to _UNITS") from None


def weekday_name(day: int) -> Text:
    """Monday is 0, as `date.weekday()` counts."""
    return _WEEKDAYS[day]()


def join_names(names: Sequence[str]) -> Names:
    """`["A"]` → "A"; `["A", "B", "C"]` → "A, B and C"."""
    return Names(names)


def format_day(day: date) -> Moment:
    """E.g. "Wed 1 Jan 2020": a day as members read it."""
    return Moment(day, MomentForm.DAY)


def format_short_day(day: date) -> Moment:
    """E.g. "1 Jan": a day in a chart's label, where the year goes without saying."""
    return Moment(day, MomentForm.SHORT_DAY)


def format_local(instant: datetime, zone: str) -> Moment:
    """E.g. "Wed 7 Oct 2026, 18:00 CEST": an instant on the club's clock."""
    return Moment(instant, MomentForm.LOCAL, zone)


def format_minutes(minutes: int) -> Text:
    """A lead time or a length as people say it: "3 days", "1 hour", "1 hour 30 minutes",
    "2 days 6 hours", "0 minutes"."""
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [plural(n, unit) for n, unit in ((days, "day"), (hours, "hour"), (mins, "minute")) if n]
    if not parts:
        return plural(0, "minute")
    said = parts[-1]
    for part in reversed(parts[:-1]):
        said = t("{larger} {smaller}", larger=part, smaller=said)
    return said


def on_off(value: bool) -> Text:
    return t("on") if value else t("off")


# The words in a usage that stand for what a member fills in, said in the club's language; the
# rest (command words, choices typed as they are: on|off, summary|prompts, N) is syntax.
_PLACEHOLDERS: dict[str, Text] = {
    "[command]": t("[command]"),
    "[id or title]": t("[id or title]"),
    "[search]": t("[search]"),
    "<arXiv URL | DOI | title>": t("<arXiv URL | DOI | title>"),
    "[pasted list or attached file]": t("[pasted list or attached file]"),
    "DATE": t("DATE"),
    "NEW_DATE": t("NEW_DATE"),
    "NEW_TIME": t("NEW_TIME"),
    "PAPER": t("PAPER"),
    "REASON": t("REASON"),
    "TEXT": t("TEXT"),
    "[count]": t("[count]"),
    "[weekday]": t("[weekday]"),
    "[time]": t("[time]"),
    "[zone]": t("[zone]"),
    "[session]": t("[session]"),
    "SESSION": t("SESSION"),
    "MEMBER": t("MEMBER"),
    "NUMBER…": t("NUMBER…"),
    "[papers…]": t("[papers…]"),
    "SETTING": t("SETTING"),
    "VALUE": t("VALUE"),
}
_TOKEN = re.compile(r"\[[^\]]*\]|<[^>]*>|[^\s\[<]+")


def spoken_usage(usage: str) -> str:
    """`/papers pin N DATE` with DATE said in the club's language (`/papers pin N 날짜`): the
    usage as one text, its placeholders catalog words and the rest as typed."""
    parts: list[str] = []
    end = 0
    for match in _TOKEN.finditer(usage):
        parts.append(usage[end : match.start()])
        parts.append(_PLACEHOLDERS.get(match.group(), match.group()))
        end = match.end()
    parts.append(usage[end:])
    if not any(isinstance(part, Text) for part in parts):
        return usage
    said, plain = "", ""
    for part in parts:
        if isinstance(part, Text):
            said, plain = _join(_join(said, plain), part), ""
        else:
            plain += part
    return _join(said, plain)


def _join(before: str, after: str) -> str:
    if not after:
        return before
    if not before:
        return after
    return t("{before}{after}", before=before, after=after)
