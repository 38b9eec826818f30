"""The settings that say when a club meets and when its posts go out: the rule that makes the
sessions (weekday, time, zone, cadence, length; changing one changes which sessions exist) and
how long before or after a session the bot announces, reminds and accepts check-ins."""

from __future__ import annotations

from bot.core.planning.calendar import (
    MAX_CADENCE_WEEKS,
    MAX_DURATION_MINUTES,
    MIN_DURATION_MINUTES,
    parse_local_time,
    parse_weekday,
    zone_or_error,
)
from bot.core.text import Text, t
from bot.core.usecases import setting_words as words
from bot.core.usecases.setting import Setting, cadence_text, time_text, weekday_text
from bot.core.wording import format_minutes, plural, weekday_name


def _weekday_list() -> Text:
    """ "Monday, Tuesday, … Sunday" in the club's language (월요일, 화요일, … 일요일): the names
    the weekday setting reads, each one a catalog word."""
    days = weekday_name(0)
    for day in range(1, 7):
        days = t("{items}, {item}", items=days, item=weekday_name(day))
    return days


SCHEDULE_SETTINGS: dict[str, Setting] = {
    "weekday": Setting(
        "weekday",
        t("Weekday"),
        parse_weekday,
        t("a weekday: {days} (or wed, thu…)", days=_weekday_list()),
        weekday_text,
        rule=True,
    ),
    "time": Setting(
        "local_time",
        t("Time"),
        parse_local_time,
        t("a time like 18:00, 6pm or 6:30 pm"),
        time_text,
        rule=True,
    ),
    "timezone": Setting(
        "timezone",
        t("Time zone"),
        lambda t: zone_or_error(t).key,
        t("a time zone like Europe/Berlin or America/New_York"),
        rule=True,
    ),
    "cadence": Setting(
        "cadence_weeks",
        t("Cadence"),
        words.cadence,
        t("weekly, fortnightly, or a number of weeks from 1 to {most}", most=MAX_CADENCE_WEEKS),
        cadence_text,
        rule=True,
    ),
    "session_length": Setting(
        "session_minutes",
        t("Session length"),
        words.duration_within(MIN_DURATION_MINUTES, MAX_DURATION_MINUTES),
        t(
            "a duration like 3d, 2h, 90m or 1h30m, from {least} to {most}",
            least=format_minutes(MIN_DURATION_MINUTES),
            most=format_minutes(MAX_DURATION_MINUTES),
        ),
        format_minutes,
        rule=True,
    ),
    "announce_before": Setting(
        "announce_before_minutes",
        t("Announce before"),
        words.duration_within(0, 28 * 24 * 60),
        t("a duration like 3d, 2h, 90m or 1h30m, up to {most}", most=plural(28, "day")),
        format_minutes,
    ),
    "remind_before": Setting(
        "remind_before_minutes",
        t("Remind before"),
        words.duration_within(0, 7 * 24 * 60),
        t("a duration like 3d, 2h, 90m or 1h30m, up to {most}", most=plural(7, "day")),
        format_minutes,
    ),
    "checkin_grace": Setting(
        "checkin_grace_minutes",
        t("Check-in grace after the end"),
        words.duration_within(0, 24 * 60),
        t("a duration like 3d, 2h, 90m or 1h30m, up to {most}", most=plural(1, "day")),
        format_minutes,
    ),
}
