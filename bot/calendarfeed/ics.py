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

from icalendar import Calendar, Event, Timezone
from icalendar.enums import STATUS

from bot.core.calendar import zone_or_error

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


def _calendar_uid(club_name: str, zone: str) -> uuid.UUID:
    # Deterministic so re-fetching the feed does not look like a different calendar.
    return uuid.uuid5(uuid.NAMESPACE_URL, f"paperclub:calendar:{club_name}:{zone}")


def build_calendar(
    club_name: str,
    zone: str,
    events: Sequence[CalendarEvent],
    *,
    stamp: datetime | None = None,
) -> bytes:
    """The feed as iCalendar bytes (UTF-8, CRLF line endings, folded at 75 octets).

    ``stamp`` is the DTSTAMP of every event (when the feed was generated); it defaults to now.
    """
    tz = zone_or_error(zone)
    if stamp is None:
        stamp = datetime.now(UTC)
    elif stamp.tzinfo is None or stamp.utcoffset() is None:
        raise ValueError(f"stamp must be timezone-aware: {stamp!r}.")
    stamp_utc = stamp.astimezone(UTC).replace(microsecond=0)
    name = _clean(club_name).strip()

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

    for event, start in zip(events, starts, strict=True):
        end = (event.start_utc + timedelta(minutes=event.duration_minutes)).astimezone(tz)
        component = Event.new(
            uid=event.uid,
            stamp=stamp_utc,
            # Whole seconds: sub-second precision is not representable in iCalendar.
            start=start.replace(microsecond=0),
            end=end.replace(microsecond=0),
            # Clients show an event without SUMMARY as blank; the club name is a better fallback.
            summary=_clean(event.title).strip() or name,
            description=_description(event) or None,
            url=event.url,
            status=STATUS(event.status),
        )
        calendar.add_component(component)
    result: bytes = calendar.to_ical()
    return result


def _vtimezone(tzid: str, first: date, last: date) -> Timezone:
    timezone: Timezone = Timezone.from_tzid(tzid, first_date=first, last_date=last)
    return timezone
