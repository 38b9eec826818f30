"""The settings /club set can change and /club show lists: each one's field, how its value is
read, how it is said back (the way people write it: "Wednesday", "3 days", "on"), what it
accepts, and whether it changes which sessions exist. How values are read is in setting_words,
how they are said back in setting; the schedule's own settings are in schedule_settings."""

from __future__ import annotations

from bot.core.text import t
from bot.core.usecases import setting_words as words
from bot.core.usecases.schedule_settings import SCHEDULE_SETTINGS
from bot.core.usecases.setting import Setting, channel_text, switch_setting
from bot.core.voting import methods

SETTINGS: dict[str, Setting] = {
    **SCHEDULE_SETTINGS,  # first: /club show and the usage list them in this order
    "language": Setting("language", t("Language"), words.language, words.languages),
    "voting_method": Setting(
        "voting_method",
        t("Voting method"),
        words.method,
        lambda: t("one of {choices}", choices=", ".join(methods.known())),
    ),
    "candidates": Setting(
        "poll_candidates",
        t("Candidates per vote"),
        words.bounded(2, 10, words.number),
        t("a number of papers from 2 to 10"),
    ),
    "anonymous": switch_setting("anonymous_polls", t("Anonymous votes")),
    "announcement": switch_setting("post_announcement", t("Announcement post")),
    "reminder": switch_setting("post_reminder", t("Reminder post")),
    "start": switch_setting("post_start", t("Start post")),
    "vote": switch_setting("post_vote", t("Vote after each session")),
    "vote_nudge": switch_setting("vote_nudge", t("Nudge to vote (a day before the close)")),
    "presenter_rotation": switch_setting("presenter_rotation", t("Presenter rotation")),
    "native_poll": switch_setting("native_poll", t("Discord's own poll for one-choice votes")),
    "page_names": switch_setting("page_show_names", t("Member names on the public page")),
    "member_language": switch_setting(
        "member_language", t("Private answers in each member's own language")
    ),
    "voice_channel": Setting(
        "voice_channel_id",
        t("Voice channel (check-ins)"),
        words.channel,
        t("a voice channel's id or #mention, or off"),
        channel_text,
    ),
}
USAGE = t(
    "Usage: /club set SETTING VALUE, e.g. /club set time 19:00. Settings: {settings}",
    settings=", ".join(SETTINGS),
)
