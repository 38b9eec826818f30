"""How a club setting's value is read from what an admin typed ("3d", "wed", "on", "<#123>").
Each reader raises ValueError saying what it could not read; /club set adds what the setting
takes."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.core.commands.textparse import is_number
from bot.core.planning.calendar import MAX_CADENCE_WEEKS
from bot.core.text import t
from bot.core.voting import methods
from bot.locale import available_languages

_DURATION = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?:in)?)?$")
_ON = {"on", "yes", "true", "1"}
_OFF = {"off", "no", "false", "0"}


def parse_duration(text: str) -> int:
    """Minutes from "3d", "2h", "90m", "1h30m" or a bare number of minutes."""
    word = text.strip().casefold()
    if is_number(word) and len(word) <= 9:
        return int(word)
    match = _DURATION.match(word)
    if not word or len(word) > 20 or match is None or not any(match.groups()):
        raise ValueError(t("I can't read '{text}' as a duration.", text=text[:40]))
    days, hours, minutes = (int(part or 0) for part in match.groups())
    return days * 24 * 60 + hours * 60 + minutes


def bounded(low: int, high: int, read: Callable[[str], int]) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = read(text)
        if not low <= value <= high:
            raise ValueError(t("'{text}' is out of range.", text=text[:40]))
        return value

    return parse


def duration_within(low: int, high: int) -> Callable[[str], int]:
    return bounded(low, high, parse_duration)


def number(text: str) -> int:
    if not is_number(text.strip()) or len(text.strip()) > 9:
        raise ValueError(t("'{text}' is not a number.", text=text[:40]))
    return int(text)


def switch(text: str) -> bool:
    word = text.casefold()
    if word in _ON:
        return True
    if word in _OFF:
        return False
    raise ValueError(t("'{text}' is neither on nor off.", text=text[:40]))


def language(text: str) -> str:
    # Only a language with a catalog: any other code would be taken and change nothing. The
    # list is read from the shipped catalogs, so adding a language adds it here.
    word = text.strip()
    known = {code.casefold(): code for code in available_languages()}
    if word.casefold() not in known:
        raise ValueError(t("'{word}' has no translation yet.", word=word[:40]))
    return known[word.casefold()]


def languages() -> str:
    return t("one of {choices}", choices=", ".join(available_languages()))


def cadence(text: str) -> int:
    named = {"weekly": 1, "biweekly": 2, "fortnightly": 2}
    if text.casefold() in named:
        return named[text.casefold()]
    return bounded(1, MAX_CADENCE_WEEKS, number)(text)


def channel(text: str) -> str | None:
    """A voice channel for automatic check-ins: its id or <#id> mention, or "off"."""
    if text.casefold() in _OFF | {"none"}:
        return None
    match = re.fullmatch(r"<#(\d{5,25})>|(\d{5,25})", text.strip())
    if match is None:
        raise ValueError(t("'{text}' is not a channel.", text=text[:40]))
    return match.group(1) or match.group(2)


def method(text: str) -> str:
    # The registry says which methods exist, and names them when this one is not one.
    return methods.method(text.strip().casefold()[:40]).key
