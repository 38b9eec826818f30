"""Text a member reads, said in English here and in the club's language where it is rendered.

The core decides what to say, not in which language: a use case writes `t("Saved {what}.",
what=name)` and gets a `Text`, a `str` whose value is the English sentence (so logs, tests and
every place that only needs a string keep working) that also remembers its message id and
arguments. A renderer, which knows the club's language, says it again from the catalog
(`bot.i18n.say`). `Moment` and `Names` do the same for dates and lists of names, whose form a
locale changes too.

A `Text` is a `str`, so `text + "."` or an f-string gives back a plain English `str` that no
catalog can translate: build whole sentences with `t`, and put the parts in as arguments.
`pybabel extract` finds the message ids by the keywords `t` and `tn` (see babel.cfg).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_ABBR = tuple(name[:3] for name in WEEKDAY_NAMES)
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Text(str):
    """A catalog message with its arguments; its `str` value is the English sentence."""

    msgid: str
    plural: str | None
    number: int | None  # what chooses the plural form (not `count`: str has one)
    args: Mapping[str, Any]

    def __new__(
        cls,
        msgid: str,
        args: Mapping[str, Any] | None = None,
        *,
        plural: str | None = None,
        count: int | None = None,
    ) -> Text:
        args = dict(args or {})
        chosen = plural if plural is not None and count != 1 else msgid
        self = super().__new__(cls, chosen.format_map(_english_args(args, count)))
        self.msgid, self.plural, self.number, self.args = msgid, plural, count, args
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.msgid, dict(self.args), self.plural, self.number))


def _rebuild(msgid: str, args: dict[str, Any], plural: str | None, count: int | None) -> Text:
    return Text(msgid, args, plural=plural, count=count)


def _english_args(args: Mapping[str, Any], count: int | None) -> dict[str, Any]:
    # Numbers as `say` gives them in English (grouped thousands), so the English value of a
    # sentence is what an English club reads.
    shown = {key: _english_number(value) for key, value in args.items()}
    if count is not None:
        shown.setdefault("n", f"{count:,}")
    return shown


def _english_number(value: Any) -> Any:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value


def t(msgid: str, /, **args: Any) -> Text:
    """A sentence from the catalog: `t("Saved {what}.", what=title)`."""
    return Text(msgid, args)


def tn(singular: str, plural: str, count: int, /, **args: Any) -> Text:
    """A sentence whose form follows a number, `{n}` in it: `tn("{n} ballot", "{n} ballots", 3)`.
    Korean has one form, English two, other languages more: the catalog's plural rule picks."""
    return Text(singular, args, plural=plural, count=count)


class MomentForm(StrEnum):
    DAY = "day"  # "Wed 2 Dec 2026"
    SHORT_DAY = "short_day"  # "2 Dec", a chart's label
    LOCAL = "local"  # "Wed 2 Dec 2026, 18:00 CET": an instant on the club's clock
    TIME = "time"  # "18:00"


class Moment(str):
    """A day or an instant as members read it: English here, the locale's form where rendered."""

    value: date
    zone: str | None
    form: MomentForm

    def __new__(cls, value: date, form: MomentForm, zone: str | None = None) -> Moment:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError(f"instant must be timezone-aware, got naive {value.isoformat()}.")
            if zone is not None:
                value = value.astimezone(ZoneInfo(zone))
        self = super().__new__(cls, _english_moment(value, form))
        self.value, self.zone, self.form = value, zone, form
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Moment, (self.value, self.form, self.zone))


def _english_moment(value: date, form: MomentForm) -> str:
    day = value.date() if isinstance(value, datetime) else value
    if form is MomentForm.SHORT_DAY:
        return f"{day.day} {_MONTH_ABBR[day.month - 1]}"
    text = f"{_WEEKDAY_ABBR[day.weekday()]} {day.day} {_MONTH_ABBR[day.month - 1]} {day.year}"
    if form is MomentForm.DAY:
        return text
    if not isinstance(value, datetime):
        raise ValueError(f"{form} needs an instant, got the day {value.isoformat()}.")
    if form is MomentForm.TIME:
        return f"{value:%H:%M}"
    return f"{text}, {value:%H:%M} {value.tzname()}"


class Names(str):
    """Names said as a list: "A, B and C" in English, the locale's own joining elsewhere."""

    items: tuple[str, ...]

    def __new__(cls, items: Sequence[str]) -> Names:
        items = tuple(items)
        english = "".join(items) if len(items) <= 1 else ", ".join(items[:-1]) + " and " + items[-1]
        self = super().__new__(cls, english)
        self.items = items
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Names, (self.items,))


def reason(exc: BaseException) -> str:
    """An exception's message as it was raised: a `Text` stays a `Text` (`str(exc)` would give
    its plain English), so a parser's `ValueError(t(...))` reaches the member translated."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, str) else str(exc)
