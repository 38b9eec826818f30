"""The settings /club set can change and /club show lists: each one's field, how its value is
read, how it is said back (the way people write it: "Wednesday", "3 days", "on"), what it
accepts, and whether it changes which sessions exist."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from typing import Any

from bot.core.commands.textparse import is_number
from bot.core.domain.clubs import ClubSettings
from bot.core.planning.calendar import (
    MAX_CADENCE_WEEKS,
    MAX_DURATION_MINUTES,
    MIN_DURATION_MINUTES,
    WEEKDAY_NAMES,
    parse_local_time,
    parse_weekday,
    zone_or_error,
)
from bot.core.voting import methods
from bot.core.wording import format_minutes, on_off, plural

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
        raise ValueError(f"I can't read {text[:40]!r} as a duration.")
    days, hours, minutes = (int(part or 0) for part in match.groups())
    return days * 24 * 60 + hours * 60 + minutes


def _bounded(low: int, high: int, read: Callable[[str], int]) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = read(text)
        if not low <= value <= high:
            raise ValueError(f"{text[:40]!r} is out of range.")
        return value

    return parse


def _number(text: str) -> int:
    if not is_number(text.strip()) or len(text.strip()) > 9:
        raise ValueError(f"{text[:40]!r} is not a number.")
    return int(text)


def _switch(text: str) -> bool:
    word = text.casefold()
    if word in _ON:
        return True
    if word in _OFF:
        return False
    raise ValueError(f"{text[:40]!r} is neither on nor off.")


def _language(text: str) -> str:
    if not re.fullmatch(r"[a-z]{2}(-[A-Z]{2})?", text):
        raise ValueError(f"{text[:40]!r} is not a language code.")
    return text


def _cadence(text: str) -> int:
    named = {"weekly": 1, "biweekly": 2, "fortnightly": 2}
    if text.casefold() in named:
        return named[text.casefold()]
    return _bounded(1, MAX_CADENCE_WEEKS, _number)(text)


def _channel(text: str) -> str | None:
    """A voice channel for automatic check-ins: its id or <#id> mention, or "off"."""
    if text.casefold() in _OFF | {"none"}:
        return None
    match = re.fullmatch(r"<#(\d{5,25})>|(\d{5,25})", text.strip())
    if match is None:
        raise ValueError(f"{text[:40]!r} is not a channel.")
    return match.group(1) or match.group(2)


def _method(text: str) -> str:
    # The registry says which methods exist, and names them when this one is not one.
    return methods.method(text.strip().casefold()[:40]).key


def _cadence_text(weeks: int) -> str:
    return "weekly" if weeks == 1 else f"every {plural(weeks, 'week')}"


def _weekday_text(day: int) -> str:
    return WEEKDAY_NAMES[day]


def _time_text(value: time) -> str:
    return f"{value:%H:%M}"


def _channel_text(channel: str | None) -> str:
    return channel or "off"


def _said(value: Any) -> str:
    return str(value)


@dataclass(frozen=True, slots=True)
class Setting:
    field: str  # the ClubSettings field it changes
    label: str  # how /club show names it
    read: Callable[[str], Any]  # the typed word → the value; ValueError when it can't be read
    # What it takes, said when a value can't be read; a function where the values can change
    # while the bot runs (the voting methods are a registry).
    accepts: str | Callable[[], str]
    show: Callable[[Any], str] = _said  # the value as people write it
    rule: bool = False  # changes which sessions exist

    def shown(self, settings: ClubSettings) -> str:
        return self.show(getattr(settings, self.field))

    def takes(self) -> str:
        return self.accepts if isinstance(self.accepts, str) else self.accepts()


def _lead(low: int, high: int) -> Callable[[str], int]:
    return _bounded(low, high, parse_duration)


_SWITCH = "on or off"
_DURATIONS = "a duration like 3d, 2h, 90m or 1h30m"

SETTINGS: dict[str, Setting] = {
    "weekday": Setting(
        "weekday",
        "Weekday",
        parse_weekday,
        "a weekday: " + ", ".join(WEEKDAY_NAMES) + " (or wed, thu…)",
        _weekday_text,
        rule=True,
    ),
    "time": Setting(
        "local_time",
        "Time",
        parse_local_time,
        "a time like 18:00, 6pm or 6:30 pm",
        _time_text,
        rule=True,
    ),
    "timezone": Setting(
        "timezone",
        "Time zone",
        lambda t: zone_or_error(t).key,
        "a time zone like Europe/Berlin or America/New_York",
        rule=True,
    ),
    "cadence": Setting(
        "cadence_weeks",
        "Cadence",
        _cadence,
        f"weekly, fortnightly, or a number of weeks from 1 to {MAX_CADENCE_WEEKS}",
        _cadence_text,
        rule=True,
    ),
    "session_length": Setting(
        "session_minutes",
        "Session length",
        _lead(MIN_DURATION_MINUTES, MAX_DURATION_MINUTES),
        f"{_DURATIONS}, from {format_minutes(MIN_DURATION_MINUTES)} "
        f"to {format_minutes(MAX_DURATION_MINUTES)}",
        format_minutes,
        rule=True,
    ),
    "announce_before": Setting(
        "announce_before_minutes",
        "Announce before",
        _lead(0, 28 * 24 * 60),
        f"{_DURATIONS}, up to 28 days",
        format_minutes,
    ),
    "remind_before": Setting(
        "remind_before_minutes",
        "Remind before",
        _lead(0, 7 * 24 * 60),
        f"{_DURATIONS}, up to 7 days",
        format_minutes,
    ),
    "checkin_grace": Setting(
        "checkin_grace_minutes",
        "Check-in grace after the end",
        _lead(0, 24 * 60),
        f"{_DURATIONS}, up to 1 day",
        format_minutes,
    ),
    "language": Setting("language", "Language", _language, "a language code like en, ko or pt-BR"),
    "voting_method": Setting(
        "voting_method",
        "Voting method",
        _method,
        lambda: "one of " + ", ".join(methods.known()),
    ),
    "candidates": Setting(
        "poll_candidates",
        "Candidates per vote",
        _bounded(2, 10, _number),
        "a number of papers from 2 to 10",
    ),
    "anonymous": Setting("anonymous_polls", "Anonymous votes", _switch, _SWITCH, on_off),
    "announcement": Setting("post_announcement", "Announcement post", _switch, _SWITCH, on_off),
    "reminder": Setting("post_reminder", "Reminder post", _switch, _SWITCH, on_off),
    "start": Setting("post_start", "Start post", _switch, _SWITCH, on_off),
    "vote": Setting("post_vote", "Vote after each session", _switch, _SWITCH, on_off),
    "vote_nudge": Setting(
        "vote_nudge", "Nudge to vote (a day before the close)", _switch, _SWITCH, on_off
    ),
    "presenter_rotation": Setting(
        "presenter_rotation", "Presenter rotation", _switch, _SWITCH, on_off
    ),
    "native_poll": Setting(
        "native_poll", "Discord's own poll for one-choice votes", _switch, _SWITCH, on_off
    ),
    "voice_channel": Setting(
        "voice_channel_id",
        "Voice channel (check-ins)",
        _channel,
        "a voice channel's id or #mention, or off",
        _channel_text,
    ),
}
USAGE = "Usage: /club set SETTING VALUE, e.g. /club set time 19:00. Settings: " + ", ".join(
    SETTINGS
)
