"""The settings /club set can change and /club show lists: each one's field, how its value is
read, how it is said back (the way people write it: "Wednesday", "3 days", "on"), what it
accepts, and whether it changes which sessions exist. How values are read is in setting_words,
how they are said back in setting."""

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
from bot.core.usecases.setting import (
    Setting,
    cadence_text,
    channel_text,
    switch_setting,
    time_text,
    weekday_text,
)
from bot.core.voting import methods
from bot.core.wording import format_minutes

_DURATIONS = "a duration like 3d, 2h, 90m or 1h30m"

SETTINGS: dict[str, Setting] = {
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
    "language": Setting("language", "Language", words.language, words.languages),
    "voting_method": Setting(
        "voting_method",
        "Voting method",
        words.method,
        lambda: "one of " + ", ".join(methods.known()),
    ),
    "candidates": Setting(
        "poll_candidates",
        "Candidates per vote",
        words.bounded(2, 10, words.number),
        "a number of papers from 2 to 10",
    ),
    "anonymous": switch_setting("anonymous_polls", "Anonymous votes"),
    "announcement": switch_setting("post_announcement", "Announcement post"),
    "reminder": switch_setting("post_reminder", "Reminder post"),
    "start": switch_setting("post_start", "Start post"),
    "vote": switch_setting("post_vote", "Vote after each session"),
    "vote_nudge": switch_setting("vote_nudge", "Nudge to vote (a day before the close)"),
    "presenter_rotation": switch_setting("presenter_rotation", "Presenter rotation"),
    "native_poll": switch_setting("native_poll", "Discord's own poll for one-choice votes"),
    "page_names": switch_setting("page_show_names", "Member names on the public page"),
    "voice_channel": Setting(
        "voice_channel_id",
        "Voice channel (check-ins)",
        words.channel,
        "a voice channel's id or #mention, or off",
        channel_text,
    ),
}
USAGE = "Usage: /club set SETTING VALUE, e.g. /club set time 19:00. Settings: " + ", ".join(
    SETTINGS
)
