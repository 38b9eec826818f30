"""Build a club's subscribable iCalendar (RFC 5545) feed.

Events carry their start in UTC; the feed shows them in the club's zone (DTSTART;TZID=...) and
embeds a VTIMEZONE for it, so clients that do not know the zone still place sessions correctly.
Escaping and line folding are left to `icalendar`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone
from icalendar.enums import STATUS

from bot.core.planning.calendar import zone_or_error

__all__ = ["PRODID", "CalendarEvent", "EventStatus", "build_calendar"]

PRODID = "-//paperclub//paperclub calendar feed//EN"
EventStatus = Literal["CONFIRMED", "CANCELLED"]
_STATUSES: frozenset[str] = frozenset({"CONFIRMED", "CANCELLED"})

# RFC 5545 TEXT may not contain control characters other than HTAB; the library passes them
# through verbatim, and strict clients then reject the whole feed. Newlines are kept (escaped).
_FORBIDDEN_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# The embedded VTIMEZONE only needs to cover the feed's own events; a margin either side keeps
# recurring edits near the edges safe without listing decades of transitions.
_TIMEZONE_MARGIN = timedelta(days=366)


@dataclass(frozen=True)
class CalendarEvent:
    """One session in the feed. ``uid`` must stay the same for the same session across builds."""

    uid: str
    start_utc: datetime
    duration_minutes: int
    title: str
    description: str
    url: str | None = None
    status: EventStatus = "CONFIRMED"

    def __post_init__(self) -> None:
        if not self.uid.strip():
            raise ValueError("CalendarEvent.uid must not be empty.")
        if self.start_utc.tzinfo is None or self.start_utc.utcoffset() is None:
            raise ValueError(f"CalendarEvent.start_utc must be timezone-aware: {self.start_utc!r}.")
        if self.duration_minutes <= 0:
            raise ValueError(
                f"CalendarEvent.duration_minutes must be positive: {self.duration_minutes}."
            )
        if self.status not in _STATUSES:
            raise ValueError(
                f"CalendarEvent.status must be CONFIRMED or CANCELLED: {self.status!r}."
            )


def _clean(text: str) -> str:
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    return _FORBIDDEN_CONTROLS.sub("", normalized)


def _description(event: CalendarEvent) -> str:
    parts = [_clean(event.description).strip()]
    if event.url:
        # Many clients hide the URL property, so the link is repeated where people will read it.
        parts.append(_clean(event.url).strip())
    return "\n\n".join(part for part in parts if part)


def _url_property(url: str | None) -> str | None:
    # URL is a URI value, written unescaped: whitespace or line breaks would corrupt the feed, so
    # such a link is left to the description, where it is escaped as text.
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    return url


def _calendar_uid(club_name: str, zone: str) -> uuid.UUID:
    # Deterministic so re-fetching the feed does not look like a different calendar.
    return uuid.uuid5(uuid.NAMESPACE_URL, f"paperclub:calendar:{club_name}:{zone}")


def build_calendar(
    club_name: str,
    zone: str,
    events: Sequence[CalendarEvent],
    *,
    stamp: datetime,
) -> bytes:
    """The feed as iCalendar bytes (UTF-8, CRLF line endings, folded at 75 octets).

    ``stamp`` is the DTSTAMP of every event (when the feed was generated), from the club clock.
    """
    tz = zone_or_error(zone)
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        raise ValueError(f"stamp must be timezone-aware: {stamp!r}.")
    stamp_utc = stamp.astimezone(UTC).replace(microsecond=0)
    # A calendar name is a one-line label; icalendar does not escape newlines in NAME.
    name = " ".join(_clean(club_name).split())

    calendar = Calendar.new(
        prodid=PRODID,
        method="PUBLISH",
        name=name,
        uid=_calendar_uid(name, tz.key),
    )
    # Google Calendar and Apple Calendar use this to pick the display zone of a subscribed feed.
    calendar.add("X-WR-TIMEZONE", tz.key)

    starts = [event.start_utc.astimezone(tz) for event in events]
    if starts:
        first = (min(starts) - _TIMEZONE_MARGIN).date()
        last = (max(starts) + _TIMEZONE_MARGIN).date()
    else:
        first, last = Timezone.DEFAULT_FIRST_DATE, Timezone.DEFAULT_LAST_DATE
    calendar.add_component(_vtimezone(tz.key, first, last))

    for event in events:
        end_utc = event.start_utc + timedelta(minutes=event.duration_minutes)
        component = Event.new(
            uid=event.uid,
            stamp=stamp_utc,
            start=_ical_instant(event.start_utc, tz),
            end=_ical_instant(end_utc, tz),
            # Clients show an event without SUMMARY as blank; the club name is a better fallback.
            summary=_clean(event.title).strip() or name,
            description=_description(event) or None,
            url=_url_property(event.url),
            status=STATUS(event.status),
        )
        calendar.add_component(component)
    result: bytes = calendar.to_ical()
    return result


def _ical_instant(instant: datetime, tz: ZoneInfo) -> datetime:
    """``instant`` as a club-zone time, or in UTC if the zone's wall time would misstate it.

    A local time written with TZID carries no fold, and RFC 5545 reads a repeated wall time as its
    first occurrence; an instant in the second pass through the fall-back hour (say, a session
    ending after the clocks went back) therefore has to be written in UTC to keep its meaning.
    """
    # Whole seconds: iCalendar cannot express fractions.
    exact = instant.astimezone(UTC).replace(microsecond=0)
    local = exact.astimezone(tz)
    if local.replace(fold=0).astimezone(UTC) == exact:
        return local.replace(fold=0)
    return exact


def _vtimezone(tzid: str, first: date, last: date) -> Timezone:
    timezone: Timezone = Timezone.from_tzid(tzid, first_date=first, last_date=last)
    return timezone
