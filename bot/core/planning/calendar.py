"""A club's weekly meeting rule and the UTC instants it produces.

A club meets on one weekday, at one local wall-clock time, in one IANA time zone, every
``cadence_weeks`` weeks. Storage keeps UTC; every datetime this module returns is aware and in UTC.

The DST rule
------------
Each meeting *date* yields exactly one instant: a session is never skipped and never doubled.

* Normal local time: the instant at which the zone's clock reads that time on that date.
* Non-existent local time (the spring-forward gap): the time is moved forward by the length of the
  gap. 02:30 on the New York spring night becomes 03:30 EDT, which is the instant the clock would
  have read 02:30 had it not jumped (02:30 EST = 07:30 UTC). Lord Howe's 02:15 on its spring night
  (gap 02:00-02:30) becomes 02:45 (+11:00).
* Ambiguous local time (the fall-back fold): the *first* occurrence is used (``fold=0``, the
  earlier UTC instant). 01:30 on the New York autumn night is 01:30 EDT = 05:30 UTC.

Gaps and folds are detected by round-tripping the wall time through UTC, not from hard-coded
offsets, so unusual transitions (30-minute DST, historical offset changes) follow the same rule.
If a zone skips a whole calendar day (Pacific/Apia, 30 Dec 2011) the gap rule still applies, so
that session lands on the next day.

Cadence
-------
With ``cadence_weeks > 1`` an ``anchor`` date is required. Weeks run Monday to Sunday; a week is a
meeting week when its distance in weeks from the anchor's week is a multiple of ``cadence_weeks``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from babel import Locale

from bot.core import wording
from bot.core.planning.zones import suggest_zones, zone_or_error
from bot.core.text import Moment, t

__all__ = [
    "WEEKDAY_NAMES",
    "WeeklyRule",
    "format_local",
    "local_to_utc",
    "meeting_dates",
    "occurrences",
    "parse_local_time",
    "parse_weekday",
    "suggest_zones",
    "zone_or_error",
]

WEEKDAY_NAMES = wording.WEEKDAY_NAMES

MIN_DURATION_MINUTES = 5
MAX_DURATION_MINUTES = 24 * 60
MAX_CADENCE_WEEKS = 52


# --------------------------------------------------------------------------- parsing


# Languages whose weekday names every club reads, besides English: a member writes the day
# as they say it (수요일, 수), whatever the club's language, as English names work everywhere.
_WEEKDAY_LANGUAGES = ("ko",)


@cache
def _local_weekdays() -> dict[str, int]:
    """Each language's weekday names, wide and short (수요일, 수), to Monday=0 ... Sunday=6, as
    Babel's CLDR data writes them."""
    words: dict[str, int] = {}
    for language in _WEEKDAY_LANGUAGES:
        days = Locale.parse(language).days
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for index, name in days[context][width].items():
                    words.setdefault(unicodedata.normalize("NFKC", name).casefold(), index)
    return words


def parse_weekday(text: str) -> int:
    """0 for Monday ... 6 for Sunday, from an English name or abbreviation ("wed", "Thurs.") or
    a Korean one ("수요일", "수").

    Numbers are rejected on purpose: Python counts from Monday=0 but cron from Sunday=0, so "0" is
    ambiguous to the people typing it.
    """
    word = unicodedata.normalize("NFKC", text).strip().casefold().rstrip(".")
    local = _local_weekdays().get(word)
    if local is not None:
        return local
    if len(word) >= 3:
        for index, name in enumerate(WEEKDAY_NAMES):
            full = name.casefold()
            # A prefix of at least three letters is unambiguous ("tue", "tues", "thu", "thur").
            if full.startswith(word) or word == full + "s":
                return index
    raise ValueError(
        t("Unknown weekday {text}. Use a name like Wednesday or wed.", text=repr(text))
    )


_TIME_RE = re.compile(
    r"""
    (?P<hour>\d{1,2})
    (?:
        (?::|\.|h)(?P<minute>\d{2})(?::(?P<second>\d{2}))?   # 18:00, 18.30, 18h30, 18:00:00
      | (?P<h_suffix>h)                                       # 18h
    )?
    \s*
    (?P<meridiem>(?:a|p)\.?\s*m\.?)?                          # am, pm, a.m., p. m.
    """,
    re.VERBOSE,
)


def parse_local_time(text: str) -> time:
    """A wall-clock time from "18:00", "6pm", "6:30 pm", "18h", "18h30", "noon" or "midnight"."""
    cleaned = text.strip().casefold()
    if cleaned == "noon":
        return time(12, 0)
    if cleaned == "midnight":
        return time(0, 0)
    match = _TIME_RE.fullmatch(cleaned)
    error = ValueError(
        t("Unknown time {text}. Use 24-hour HH:MM like 18:00, or 6pm / 6:30 pm.", text=repr(text))
    )
    if match is None:
        raise error
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    second = int(match["second"] or 0)
    meridiem = match["meridiem"]
    if meridiem is None and match["minute"] is None and match["h_suffix"] is None:
        # A bare "6" could mean 06:00 or 18:00; guessing would schedule a session 12 hours off.
        raise error
    if meridiem is not None:
        if not 1 <= hour <= 12:
            raise error
        hour %= 12
        if meridiem.startswith("p"):
            hour += 12
    if hour > 23 or minute > 59 or second > 59:
        raise error
    return time(hour, minute, second)


# --------------------------------------------------------------------------- the rule


@dataclass(frozen=True)
class WeeklyRule:
    """Meet on ``weekday`` (0=Monday) at ``local_time`` in ``timezone``, every ``cadence_weeks``."""

    weekday: int
    local_time: time
    timezone: str
    cadence_weeks: int = 1
    duration_minutes: int = 60
    anchor: date | None = None

    def __post_init__(self) -> None:
        if not _is_plain_int(self.weekday) or not 0 <= self.weekday <= 6:
            raise ValueError(f"Invalid weekday {self.weekday!r}: use 0 (Monday) to 6 (Sunday).")
        if not isinstance(self.local_time, time):
            raise ValueError(f"Invalid local time {self.local_time!r}: expected a datetime.time.")
        if self.local_time.tzinfo is not None:
            raise ValueError(
                f"Invalid local time {self.local_time!r}: give a wall-clock time without tzinfo; "
                "the zone comes from the rule's timezone."
            )
        if (
            not _is_plain_int(self.cadence_weeks)
            or not 1 <= self.cadence_weeks <= MAX_CADENCE_WEEKS
        ):
            raise ValueError(
                t(
                    "Invalid cadence {cadence}: use 1 to {most} weeks.",
                    cadence=repr(self.cadence_weeks),
                    most=MAX_CADENCE_WEEKS,
                )
            )
        if not _is_plain_int(self.duration_minutes) or not (
            MIN_DURATION_MINUTES <= self.duration_minutes <= MAX_DURATION_MINUTES
        ):
            raise ValueError(
                t(
                    "Invalid duration {duration}: use {least} to {most} minutes.",
                    duration=repr(self.duration_minutes),
                    least=MIN_DURATION_MINUTES,
                    most=MAX_DURATION_MINUTES,
                )
            )
        if self.anchor is not None and (
            isinstance(self.anchor, datetime) or not isinstance(self.anchor, date)
        ):
            raise ValueError(f"Invalid anchor {self.anchor!r}: expected a date (no time of day).")
        if self.cadence_weeks > 1 and self.anchor is None:
            # Without an anchor "every 2 weeks" has two equally valid answers; picking one
            # silently would let two code paths disagree about which weeks the club meets.
            raise ValueError(
                t(
                    "A cadence of {cadence} weeks needs an anchor date in a meeting week.",
                    cadence=self.cadence_weeks,
                )
            )
        zone = zone_or_error(self.timezone)
        if zone.key != self.timezone:
            # Store the canonical spelling so equal rules compare and hash equal.
            object.__setattr__(self, "timezone", zone.key)
        # time.fold has no meaning for a rule; normalising keeps equality and hashing honest.
        if self.local_time.fold:
            object.__setattr__(self, "local_time", self.local_time.replace(fold=0))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)

    def is_meeting_date(self, day: date) -> bool:
        if day.weekday() != self.weekday:
            return False
        return self._weeks_from_anchor(day) % self.cadence_weeks == 0

    def _weeks_from_anchor(self, day: date) -> int:
        if self.anchor is None:
            return 0
        anchor_monday = self.anchor - timedelta(days=self.anchor.weekday())
        day_monday = day - timedelta(days=day.weekday())
        return (day_monday - anchor_monday).days // 7


def _is_plain_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --------------------------------------------------------------------------- conversion


def local_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall time ``at`` on ``day`` in ``zone``, per the module's DST rule."""
    if at.tzinfo is not None:
        raise ValueError("local_to_utc needs a wall-clock time without tzinfo.")
    wall = datetime.combine(day, at.replace(fold=0))
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    first_exists = _wall_time(first, zone) == wall
    second_exists = _wall_time(second, zone) == wall
    if first_exists and second_exists:
        # Equal for ordinary times; in a fold, the earlier of the two occurrences.
        return min(first, second)
    if first_exists or second_exists:
        return first if first_exists else second
    # In a gap the two readings use the offsets before and after the jump; the later instant is
    # the one using the pre-jump offset, i.e. the wall time pushed forward by the gap's length.
    return max(first, second)


def _wall_time(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None, fold=0)


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}.")


def meeting_dates(rule: WeeklyRule, *, start: date, stop: date) -> list[date]:
    """The local meeting dates ``d`` with ``start <= d < stop``, in order."""
    if stop <= start:
        return []
    first = start + timedelta(days=(rule.weekday - start.weekday()) % 7)
    behind = rule._weeks_from_anchor(first) % rule.cadence_weeks
    if behind:
        first += timedelta(weeks=rule.cadence_weeks - behind)
    step = timedelta(weeks=rule.cadence_weeks)
    dates: list[date] = []
    day = first
    while day < stop:
        dates.append(day)
        day += step
    return dates


# A gap can push a session past midnight (a whole skipped day, at worst), so the search starts a
# little before the local date of `after` and relies on the strict `> after` filter.
_LOOKBACK = timedelta(days=2)


def occurrences(
    rule: WeeklyRule,
    *,
    after: datetime,
    count: int | None = None,
    until: datetime | None = None,
) -> list[datetime]:
    """Session start instants (aware, UTC) strictly after ``after``, in increasing order.

    Stops after ``count`` sessions and/or at ``until`` (inclusive); at least one is required,
    since the rule itself never ends.
    """
    _require_aware(after, "after")
    if until is not None:
        _require_aware(until, "until")
    if count is None and until is None:
        raise ValueError("occurrences() needs count or until; a weekly rule never ends.")
    if count is not None and (not _is_plain_int(count) or count < 0):
        raise ValueError(f"count must be a non-negative integer, got {count!r}.")
    if count == 0 or (until is not None and until <= after):
        return []

    zone = rule.zone
    start = after.astimezone(zone).date() - _LOOKBACK
    step = timedelta(weeks=rule.cadence_weeks)
    (day,) = meeting_dates(rule, start=start, stop=start + step)
    result: list[datetime] = []
    while True:
        instant = local_to_utc(day, rule.local_time, zone)
        if until is not None and instant > until:
            break
        if instant > after:
            result.append(instant)
            if count is not None and len(result) >= count:
                break
        # Date arithmetic, then a fresh conversion: adding weeks to an aware local datetime
        # would keep the old offset and lose the DST rule.
        day += step
    return result


# --------------------------------------------------------------------------- display


# A Moment is immutable and depends on nothing else: every ballot of a poll says the same
# deadline, so a burst of them converts and words it once.
@lru_cache(maxsize=512)
def format_local(instant: datetime, zone: str) -> Moment:
    """E.g. "Wed 7 Oct 2026, 18:00 CEST" for display to club members (worded by
    `bot.core.wording`, the one place dates are formatted)."""
    _require_aware(instant, "instant")
    return wording.format_local(instant, zone_or_error(zone).key)
