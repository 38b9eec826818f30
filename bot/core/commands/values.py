"""Typed option values: reading them from words or from a platform's typed options, and
writing a command back as the compact line a button carries.

Each option kind is read in exactly one place (`convert`), so a date typed on the console, a
Discord option and a Slack form field are checked the same way. `Values` hands a command's
`build` what it asked for, typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, time
from typing import Self, TypeVar

from bot.core.commands.options import (
    OptionKind,
    OptionSpec,
    ScheduleNumber,
    SessionRef,
    Upload,
)
from bot.core.commands.textparse import is_number
from bot.core.domain.errors import InvalidInput
from bot.core.planning.calendar import (
    WEEKDAY_NAMES,
    parse_local_time,
    parse_weekday,
    zone_or_error,
)
from bot.core.text import Text, reason, t
from bot.core.wording import spoken_usage

T = TypeVar("T")
_LIST_SEPARATORS = re.compile(r"[\s,]+")
# A raw value as it arrives: a typed word, a platform's typed value, or a list for `many`.
Raw = object


class OptionError(InvalidInput):
    """An option's value can't be read; `option` names it (forms mark that field)."""

    def __init__(self, option: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.option = option


class Values:
    """A command's option values by name, already converted to their kinds' types."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, object] | None = None) -> None:
        self._data = dict(data or {})

    def __contains__(self, name: object) -> bool:
        return name in self._data

    def __repr__(self) -> str:
        return f"Values({self._data!r})"

    def _get(self, name: str, kind: type[T]) -> T | None:
        value = self._data.get(name)
        if value is None:
            return None
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise TypeError(f"option {name} holds a {type(value).__name__}, not {kind.__name__}")
        return value

    def text(self, name: str) -> str | None:
        return self._get(name, str)

    def integer(self, name: str) -> int | None:
        return self._get(name, int)

    def day(self, name: str) -> date | None:
        return self._get(name, date)

    def clock_time(self, name: str) -> time | None:
        return self._get(name, time)

    def upload(self, name: str) -> Upload | None:
        return self._get(name, Upload)

    def session(self, name: str) -> SessionRef | None:
        value = self._data.get(name)
        if value is None or isinstance(value, int | date | ScheduleNumber):
            return value
        raise TypeError(f"option {name} holds a {type(value).__name__}, not a session")

    def required_session(self, name: str) -> SessionRef:
        """A required session option (present: reading the options checked it)."""
        value = self.session(name)
        if value is None:
            raise TypeError(f"required option {name} is missing")
        return value

    def words(self, name: str) -> tuple[str, ...]:
        value = self._data.get(name, ())
        if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
            raise TypeError(f"option {name} holds {value!r}, not words")
        return value


class NoOptions:
    """Base of a command that takes no values: its `build` ignores them."""

    __slots__ = ()

    @classmethod
    def build(cls, values: Values) -> Self:
        return cls()


def required(value: T | None, name: str) -> T:
    """A required option's value: the reading checked it is there before `build` runs."""
    if value is None:
        raise TypeError(f"required option {name} is missing")
    return value


def usage_text(usage: str) -> Text:
    """ "Usage: /club skip DATE [confirm]", said in the club's language as /help says it: the
    placeholders are the club's words (/club skip 날짜 [confirm]), the syntax stays as typed."""
    return t("Usage: {usage}", usage=spoken_usage(usage))


def _usage_error(option: OptionSpec, usage: str) -> OptionError:
    return OptionError(option.name, usage_text(usage))


def _one(option: OptionSpec, raw: Raw, usage: str) -> object:
    """One value of `option`'s kind from a word or a platform's typed value."""
    kind = option.kind
    if kind is OptionKind.FILE:
        if not isinstance(raw, Upload):
            raise OptionError(
                option.name, t("{option} must be an attached file.", option=option.name)
            )
        return raw
    if kind is OptionKind.INTEGER and isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if kind is OptionKind.POLL and isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if kind is OptionKind.SESSION and isinstance(raw, int | date) and not isinstance(raw, bool):
        return raw
    if not isinstance(raw, str):
        raise OptionError(option.name, t("{option} must be text.", option=option.name))
    word = raw.strip()
    try:
        return _from_word(option, word, usage)
    except ValueError as exc:
        raise OptionError(option.name, reason(exc), hint=usage_text(usage)) from None


def _from_word(option: OptionSpec, word: str, usage: str) -> object:
    kind = option.kind
    if kind is OptionKind.INTEGER:
        if not is_number(word.removeprefix("-")) or len(word) > 12:
            raise _usage_error(option, usage)
        return int(word)
    if kind is OptionKind.POLL:
        digits = word.removeprefix("#")
        if not is_number(digits) or len(digits) > 12:
            raise _usage_error(option, usage)
        return int(digits)
    if kind is OptionKind.WEEKDAY:
        return parse_weekday(word)
    if kind is OptionKind.TIME:
        return parse_local_time(word)
    if kind is OptionKind.TIMEZONE:
        return zone_or_error(word).key
    if kind is OptionKind.DATE:
        return read_date(word)
    if kind is OptionKind.SESSION:
        return session_ref(word)
    if kind is OptionKind.CHOICE:
        folded = word.casefold()
        if folded not in option.choices:
            raise OptionError(
                option.name,
                t("There is no {option} {word}.", option=option.name, word=repr(word[:40])),
                # Written as the usage writes them: they are typed as they are, in any language.
                hint=t("Use one of: {choices}.", choices="|".join(option.choices)),
            )
        return folded
    return word  # TEXT, PAPER: the member's own words


def read_date(word: str) -> date:
    """A date as 2026-12-02; Python's own reason ("month must be in 1..12") is not said."""
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise ValueError(
            t("I can't read {word} as a date; use e.g. 2026-12-02.", word=repr(word[:40]))
        ) from None


def session_ref(word: str) -> SessionRef:
    """A session as a member writes it: its number in /schedule ("2") or its local date; "#40"
    is the stable id a button carries."""
    word = word.strip()
    if word.startswith("#") and is_number(word[1:]) and len(word) < 13:
        return int(word[1:])
    if is_number(word) and len(word) < 12:
        return ScheduleNumber(int(word))
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise InvalidInput(
            t("I can't tell which session {word} means.", word=repr(word[:40])),
            hint=t(
                "Use its number in /schedule or a date like 2026-12-02, or leave it out "
                "for the next session."
            ),
        ) from None


def convert(option: OptionSpec, raw: Raw, usage: str) -> object:
    """`raw` read as `option`'s kind: a tuple for a `many` option, else one value."""
    if not option.many:
        return _one(option, raw, usage)
    if isinstance(raw, str):
        items: Sequence[object] = [w for w in _LIST_SEPARATORS.split(raw) if w]
    elif isinstance(raw, list | tuple):
        items = raw
    else:
        items = [raw]
    return tuple(_one(option, item, usage) for item in items)


def _absent(raw: Raw) -> bool:
    return raw is None or (isinstance(raw, str | list | tuple) and len(raw) == 0)


def from_given(options: Sequence[OptionSpec], given: Mapping[str, Raw], usage: str) -> Values:
    """Values from a platform's typed options or a form's fields, by option name."""
    values: dict[str, object] = {}
    for option in options:
        raw = given.get(option.name)
        if isinstance(raw, str) and not option.rest and option.kind is not OptionKind.TEXT:
            raw = raw.strip()
        if _absent(raw) or (isinstance(raw, str) and not raw.strip()):
            continue
        converted = convert(option, raw, usage)
        if converted != ():
            values[option.name] = converted
    for option in options:
        if option.required and option.name not in values:
            raise OptionError(option.name, usage_text(usage))
    return Values(values)


def positional(
    options: Sequence[OptionSpec], words: Sequence[str], name: str, usage: str
) -> dict[str, Raw]:
    """Typed words to raw values, in the options' order: a `#12` fills a POLL option only when
    it is written so; a `many` option takes every word left, a `rest` option them as one text."""
    raw: dict[str, Raw] = {}
    index = 0
    for option in options:
        if index >= len(words):
            break
        if option.kind is OptionKind.FILE:
            continue
        word = words[index]
        if option.kind is OptionKind.POLL and not word.startswith("#"):
            continue
        if option.hidden and option.kind is not OptionKind.POLL:
            continue  # only a form sets it (the management page's paper id); never typed
        if option.many:
            raw[option.name] = list(words[index:])
            index = len(words)
        elif option.rest:
            raw[option.name] = " ".join(words[index:])
            index = len(words)
        else:
            raw[option.name] = word
            index += 1
    if index < len(words):
        if not options:
            raise InvalidInput(t("/{command} takes no arguments.", command=name))
        raise InvalidInput(usage_text(usage))
    return raw


def word_for(option: OptionSpec, value: object) -> str:
    """One value as it is written in a command line; refuses what a line can't carry."""
    if isinstance(value, bool):
        raise ValueError(f"no word for a bool in option {option.name}")
    if option.kind is OptionKind.POLL or (option.kind is OptionKind.SESSION and type(value) is int):
        word = f"#{value}"  # a stable id: never the number a member sees
    elif option.kind is OptionKind.WEEKDAY and isinstance(value, int):
        word = WEEKDAY_NAMES[value].casefold()
    elif isinstance(value, time):
        word = f"{value:%H:%M}"
    elif isinstance(value, date):
        word = value.isoformat()
    else:
        word = str(value)
    if not word or any(ch.isspace() or ch in "\"'\\" for ch in word):
        raise ValueError(f"{word!r} can't be written as one word of a command line")
    return word


def line_for(name: str, options: Sequence[OptionSpec], command: object) -> str:
    """The compact command line for `command`: its name and its option values (read from the
    command's fields of the same names), which reading the line gives back."""
    words = [f"/{name}"]
    for option in options:
        value = getattr(command, option.name, None)
        if value is None or value == ():
            continue
        for item in value if option.many else (value,):
            words.append(word_for(option, item))
    return " ".join(words)
