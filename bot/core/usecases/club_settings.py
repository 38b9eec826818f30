"""The settings /club set can change: each one's field, how its value is read, and whether it
changes which sessions exist."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.core.commands.textparse import is_number
from bot.core.planning.calendar import (
    MAX_CADENCE_WEEKS,
    MAX_DURATION_MINUTES,
    MIN_DURATION_MINUTES,
    parse_local_time,
    parse_weekday,
    zone_or_error,
)
from bot.core.voting.methods import method

_DURATION = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?:in)?)?$")
_ON = {"on", "yes", "true", "1"}
_OFF = {"off", "no", "false", "0"}


def parse_duration(text: str) -> int:
    """Minutes from "3d", "2h", "90m", "1h30m" or a bare number of minutes."""
    word = text.strip().casefold()
    if is_number(word):
        return int(word)
    match = _DURATION.match(word)
    if not word or match is None or not any(match.groups()):
        raise ValueError(f"I can't read {text!r} as a duration. Use e.g. 3d, 2h, 90m or 1h30m.")
    days, hours, minutes = (int(part or 0) for part in match.groups())
    return days * 24 * 60 + hours * 60 + minutes


def _bounded(low: int, high: int, what: str, read: Callable[[str], int]) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = read(text)
        if not low <= value <= high:
            raise ValueError(f"{what} must be between {low} and {high}.")
        return value

    return parse


def _switch(text: str) -> bool:
    word = text.casefold()
    if word in _ON:
        return True
    if word in _OFF:
        return False
    raise ValueError("Use on or off.")


def _language(text: str) -> str:
    if not re.fullmatch(r"[a-z]{2}(-[A-Z]{2})?", text):
        raise ValueError("Use a language code like en, ko or pt-BR.")
    return text


def _cadence(text: str) -> int:
    named = {"weekly": 1, "biweekly": 2, "fortnightly": 2}
    if text.casefold() in named:
        return named[text.casefold()]
    if not is_number(text):
        raise ValueError("Use a number of weeks (1 = weekly), or weekly / fortnightly.")
    return _bounded(1, MAX_CADENCE_WEEKS, "The cadence", int)(text)


def _channel(text: str) -> str | None:
    """A voice channel for automatic check-ins: its id or <#id> mention, or "off"."""
    if text.casefold() in _OFF | {"none"}:
        return None
    match = re.fullmatch(r"<#(\d{5,25})>|(\d{5,25})", text.strip())
    if match is None:
        raise ValueError("Use the voice channel's id (or #mention), or off.")
    return match.group(1) or match.group(2)


@dataclass(frozen=True, slots=True)
class Setting:
    field: str
    read: Callable[[str], Any]
    rule: bool = False  # changes which sessions exist


SETTINGS: dict[str, Setting] = {
    "weekday": Setting("weekday", parse_weekday, rule=True),
    "time": Setting("local_time", parse_local_time, rule=True),
    "timezone": Setting("timezone", lambda t: zone_or_error(t).key, rule=True),
    "cadence": Setting("cadence_weeks", _cadence, rule=True),
    "session_length": Setting(
        "session_minutes",
        _bounded(MIN_DURATION_MINUTES, MAX_DURATION_MINUTES, "A session", parse_duration),
        rule=True,
    ),
    "announce_before": Setting(
        "announce_before_minutes", _bounded(0, 28 * 24 * 60, "The lead time", parse_duration)
    ),
    "remind_before": Setting(
        "remind_before_minutes", _bounded(0, 7 * 24 * 60, "The lead time", parse_duration)
    ),
    "checkin_grace": Setting(
        "checkin_grace_minutes", _bounded(0, 24 * 60, "The grace", parse_duration)
    ),
    "language": Setting("language", _language),
    "voting_method": Setting("voting_method", lambda t: method(t.casefold()).key),
    "candidates": Setting("poll_candidates", _bounded(2, 10, "Candidates", int)),
    "anonymous": Setting("anonymous_polls", _switch),
    "announcement": Setting("post_announcement", _switch),
    "reminder": Setting("post_reminder", _switch),
    "start": Setting("post_start", _switch),
    "vote": Setting("post_vote", _switch),
    "vote_nudge": Setting("vote_nudge", _switch),
    "presenter_rotation": Setting("presenter_rotation", _switch),
    "native_poll": Setting("native_poll", _switch),
    "voice_channel": Setting("voice_channel_id", _channel),
}
USAGE = "Usage: /club set SETTING VALUE, e.g. /club set time 19:00. Settings: " + ", ".join(
    SETTINGS
)
