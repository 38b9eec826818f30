"""Clubs and their settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from bot.core.domain.ids import ClubKey
from bot.core.text import Text, t, tn
from bot.core.wording import format_minutes, weekday_name

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class ClubSettings:
    weekday: int = 2
    local_time: time = time(18, 0)
    timezone: str = "UTC"
    cadence_weeks: int = 1
    session_minutes: int = 60
    language: str = "en"
    voting_method: str = "plurality"  # a key of the voting-method registry (voting.methods)
    poll_candidates: int = 4
    anonymous_polls: bool = False
    announce_before_minutes: int = 3 * 24 * 60
    remind_before_minutes: int = 60
    checkin_grace_minutes: int = 30
    post_announcement: bool = True
    post_reminder: bool = True
    post_start: bool = True
    post_vote: bool = True
    paused: bool = False
    vote_nudge: bool = False  # remind RSVPed members who haven't voted, a day before the close
    presenter_rotation: bool = False  # hand presenter-less sessions to members who opted in
    native_poll: bool = False  # Discord: run one-choice votes as a native poll
    voice_channel_id: str | None = None  # Discord: presence here during a session is a check-in
    # The public page names presenters and suggesters only when the club says so.
    page_show_names: bool = False
    # Private answers in each member's own language (their Discord or Slack locale) when it
    # has a catalog; public posts are always in `language`.
    member_language: bool = True

    def rule_text(self) -> Text:
        args = {
            "weekday": weekday_name(self.weekday),
            "time": f"{self.local_time:%H:%M}",
            "zone": self.timezone,
            "length": format_minutes(self.session_minutes),
        }
        if self.cadence_weeks == 1:
            return t("Every {weekday} at {time} ({zone}), {length}", **args)
        return tn(
            "Every {n} week on {weekday} at {time} ({zone}), {length}",
            "Every {n} weeks on {weekday} at {time} ({zone}), {length}",
            self.cadence_weeks,
            **args,
        )


@dataclass(frozen=True, slots=True)
class Club:
    id: int
    key: ClubKey
    name: str
    settings: ClubSettings
    created_at: datetime
    calendar_token: str | None = None
    page_token: str | None = None  # the public page's address; None: the page is off
    page_slug: str | None = None  # the name an admin chose for it (/c/<slug>); page_slugs.py
