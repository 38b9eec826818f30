"""The settings that say when a club meets and when its posts go out: the rule that makes the
sessions (weekday, time, zone, cadence, length; changing one changes which sessions exist) and
how long before or after a session the bot announces, reminds and accepts check-ins."""

from __future__ import annotations

from bot.core.planning.calendar import (
    MAX_CADENCE_WEEKS,
    MAX_DURATION_MINUTES,
    MIN_DURATION_MINUTES,
    WEEKDAY_NAMES,
    parse_local_time,
    parse_weekday,
    zone_or_error,
)
from bot.core.usecases import setting_words as words
from bot.core.usecases.setting import Setting, cadence_text, time_text, weekday_text
from bot.core.wording import format_minutes

_DURATIONS = "a duration like 3d, 2h, 90m or 1h30m"

SCHEDULE_SETTINGS: dict[str, Setting] = {
    "weekday": Setting(
        "weekday",
        "Weekday",
        parse_weekday,
        "a weekday: " + ", ".join(WEEKDAY_NAMES) + " (or wed, thu…)",
        weekday_text,
        rule=True,
    ),
    "time": Setting(
        "local_time",
        "Time",
        parse_local_time,
        "a time like 18:00, 6pm or 6:30 pm",
        time_text,
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
        words.cadence,
        f"weekly, fortnightly, or a number of weeks from 1 to {MAX_CADENCE_WEEKS}",
        cadence_text,
        rule=True,
    ),
    "session_length": Setting(
        "session_minutes",
        "Session length",
        words.duration_within(MIN_DURATION_MINUTES, MAX_DURATION_MINUTES),
        f"{_DURATIONS}, from {format_minutes(MIN_DURATION_MINUTES)} "
        f"to {format_minutes(MAX_DURATION_MINUTES)}",
        format_minutes,
        rule=True,
    ),
    "announce_before": Setting(
        "announce_before_minutes",
        "Announce before",
        words.duration_within(0, 28 * 24 * 60),
        f"{_DURATIONS}, up to 28 days",
        format_minutes,
    ),
    "remind_before": Setting(
        "remind_before_minutes",
        "Remind before",
        words.duration_within(0, 7 * 24 * 60),
        f"{_DURATIONS}, up to 7 days",
        format_minutes,
    ),
    "checkin_grace": Setting(
        "checkin_grace_minutes",
        "Check-in grace after the end",
        words.duration_within(0, 24 * 60),
        f"{_DURATIONS}, up to 1 day",
        format_minutes,
    ),
}
