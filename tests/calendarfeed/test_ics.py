"""The iCalendar feed: parse the bytes back with icalendar and check what clients will see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from bot.calendarfeed.ics import PRODID, CalendarEvent, build_calendar

STAMP = datetime(2026, 9, 30, 8, 0, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


def event(**overrides: Any) -> CalendarEvent:
    fields: dict[str, Any] = {
        "uid": "session-1@paperclub",
        "start_utc": datetime(2026, 10, 7, 16, 0, tzinfo=UTC),
        "duration_minutes": 90,
        "title": "Attention Is All You Need",
        "description": "We read the transformer paper.",
        "url": "https://arxiv.org/abs/1706.03762",
        "status": "CONFIRMED",
    }
    fields.update(overrides)
    return CalendarEvent(**fields)


def parse(data: bytes) -> Calendar:
    calendar: Calendar = Calendar.from_ical(data)
    return calendar


def vevents(calendar: Calendar) -> list[Any]:
    return list(calendar.walk("VEVENT"))


def test_calendar_properties() -> None:
    data = build_calendar("Deep Learning Club", "Europe/Berlin", [event()], stamp=STAMP)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    cal = parse(data)
    assert str(cal["PRODID"]) == PRODID
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == "Deep Learning Club"
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Berlin"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_event_times_use_the_club_zone_and_keep_the_utc_instant() -> None:
    events = [
        event(uid="a", start_utc=datetime(2026, 10, 21, 16, tzinfo=UTC)),
        event(uid="b", start_utc=datetime(2026, 10, 28, 17, tzinfo=UTC)),  # after fall-back
    ]
    cal = parse(build_calendar("Club", "Europe/Berlin", events, stamp=STAMP))
    first, second = vevents(cal)

    assert first["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert first["DTSTART"].dt == datetime(2026, 10, 21, 18, tzinfo=BERLIN)
    assert first["DTSTART"].dt.astimezone(UTC) == datetime(2026, 10, 21, 16, tzinfo=UTC)
    assert second["DTSTART"].dt.astimezone(UTC) == datetime(2026, 10, 28, 17, tzinfo=UTC)
    assert second["DTSTART"].dt.replace(tzinfo=None) == datetime(2026, 10, 28, 18)  # noqa: DTZ001
    assert first["DTEND"].dt - first["DTSTART"].dt == timedelta(minutes=90)
    assert first["DTEND"].params["TZID"] == "Europe/Berlin"
    assert first["DTSTAMP"].dt == STAMP
    assert b"DTSTAMP:20260930T080000Z" in build_calendar(
        "Club", "Europe/Berlin", events, stamp=STAMP
    )
    assert b"DTSTART;TZID=Europe/Berlin:20261021T180000" in build_calendar(
        "Club", "Europe/Berlin", events, stamp=STAMP
    )


def test_event_that_ends_after_a_dst_change_lasts_its_real_duration() -> None:
    # Starts 01:30 CEST on the fall-back night; two real hours later the wall clock reads 02:30 CET.
    start = datetime(2026, 10, 24, 23, 30, tzinfo=UTC)
    cal = parse(
        build_calendar(
            "Club", "Europe/Berlin", [event(start_utc=start, duration_minutes=120)], stamp=STAMP
        )
    )
    (vevent,) = vevents(cal)
    assert vevent["DTEND"].dt.astimezone(UTC) - vevent["DTSTART"].dt.astimezone(UTC) == timedelta(
        hours=2
    )


def test_vtimezone_describes_the_zone() -> None:
    cal = parse(build_calendar("Club", "Europe/Berlin", [event()], stamp=STAMP))
    (vtimezone,) = cal.timezones
    names = {str(sub["TZNAME"]) for sub in vtimezone.subcomponents}
    assert names == {"CET", "CEST"}
    assert vtimezone.to_tz().utcoffset(datetime(2026, 7, 1)) == timedelta(hours=2)  # noqa: DTZ001
    assert vtimezone.to_tz().utcoffset(datetime(2026, 12, 1)) == timedelta(hours=1)  # noqa: DTZ001


def test_summary_description_url_and_status() -> None:
    events = [
        event(),
        event(uid="cancelled", status="CANCELLED", url=None, description=""),
    ]
    cal = parse(build_calendar("Club", "Europe/Berlin", events, stamp=STAMP))
    confirmed, cancelled = vevents(cal)
    assert str(confirmed["SUMMARY"]) == "Attention Is All You Need"
    assert str(confirmed["DESCRIPTION"]) == (
        "We read the transformer paper.\n\nhttps://arxiv.org/abs/1706.03762"
    )
    assert str(confirmed["URL"]) == "https://arxiv.org/abs/1706.03762"
    assert str(confirmed["STATUS"]) == "CONFIRMED"
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "URL" not in cancelled
    assert "DESCRIPTION" not in cancelled


def test_uids_are_stable_and_output_is_deterministic() -> None:
    events = [event(uid=f"session-{i}@paperclub") for i in range(3)]
    one = build_calendar("Club", "Europe/Berlin", events, stamp=STAMP)
    two = build_calendar("Club", "Europe/Berlin", events, stamp=STAMP)
    assert one == two
    assert [str(e["UID"]) for e in vevents(parse(one))] == [e.uid for e in events]


def test_empty_feed_still_has_its_timezone() -> None:
    cal = parse(build_calendar("Club", "Asia/Kathmandu", [], stamp=STAMP))
    assert vevents(cal) == []
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Kathmandu"]


def test_stamp_is_written_in_utc_whole_seconds() -> None:
    berlin = datetime(2026, 9, 30, 10, 0, 0, 750_000, tzinfo=ZoneInfo("Europe/Berlin"))
    (vevent,) = vevents(parse(build_calendar("Club", "Europe/Berlin", [event()], stamp=berlin)))
    assert vevent["DTSTAMP"].dt == STAMP


HOSTILE = [
    "Line one\nLine two\r\nLine three\rLine four",
    "Commas, semicolons; colons: backslashes \\ and \\n literally",
    "Überraschung – naïve café 🚀",
    "트랜스포머 논문 읽기: 주의가 전부다, 그리고; 더 많은 것",
    "x" * 500,
    "한국어" * 120,
    "BEGIN:VEVENT\nEND:VCALENDAR",
    "Quotes \"double\" and 'single'\tand a tab",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips(text: str) -> None:
    data = build_calendar(
        text,
        "Asia/Seoul",
        [event(title=text, description=text, url="https://example.org/p?a=1,2;b=3")],
        stamp=STAMP,
    )
    # Folding keeps every physical line within 75 octets and never splits a UTF-8 sequence.
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")
    cal = parse(data)
    (vevent,) = vevents(cal)
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert str(vevent["SUMMARY"]) == expected.strip()
    assert str(vevent["DESCRIPTION"]) == f"{expected.strip()}\n\nhttps://example.org/p?a=1,2;b=3"
    assert str(cal["X-WR-CALNAME"]) == " ".join(expected.split())
    assert len(vevents(cal)) == 1  # injected BEGIN/END lines stayed text


def test_url_with_line_breaks_stays_out_of_the_url_property() -> None:
    bad = "https://example.org/a\nBEGIN:VEVENT"
    (vevent,) = vevents(parse(build_calendar("Club", "UTC", [event(url=bad)], stamp=STAMP)))
    assert "URL" not in vevent
    assert str(vevent["DESCRIPTION"]).endswith(bad)


def test_event_in_the_repeated_hour_keeps_its_instant() -> None:
    # 00:30Z on 25 Oct 2026 is the second 02:30 in Berlin; a TZID time would mean the first.
    second_pass = datetime(2026, 10, 25, 0, 30, tzinfo=UTC) + timedelta(hours=1)
    data = build_calendar("Club", "Europe/Berlin", [event(start_utc=second_pass)], stamp=STAMP)
    (vevent,) = vevents(parse(data))
    assert vevent["DTSTART"].dt == second_pass
    assert b"DTSTART:20261025T013000Z" in data


def test_control_characters_are_dropped() -> None:
    text = "bell\x07 null\x00 escape\x1b del\x7f"
    (vevent,) = vevents(parse(build_calendar("Club", "UTC", [event(title=text)], stamp=STAMP)))
    assert str(vevent["SUMMARY"]) == "bell null escape del"


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200),
    description=st.text(max_size=300),
)
def test_arbitrary_text_round_trips(title: str, description: str) -> None:
    data = build_calendar(
        "Club", "Europe/Berlin", [event(title=title, description=description)], stamp=STAMP
    )
    (vevent,) = vevents(parse(data))

    def cleaned(s: str) -> str:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
        return "".join(c for c in s if c in "\t\n" or not (ord(c) < 32 or ord(c) == 127)).strip()

    assert str(vevent["SUMMARY"]) == (cleaned(title) or "Club")
    assert str(vevent["DESCRIPTION"]).startswith(cleaned(description))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start_utc": datetime(2026, 10, 7, 16)}, "aware"),  # noqa: DTZ001
        ({"duration_minutes": 0}, "positive"),
        ({"status": "TENTATIVE"}, "CONFIRMED or CANCELLED"),
        ({"uid": "  "}, "uid"),
    ],
)
def test_event_validation(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        event(**overrides)


def test_unknown_zone_is_rejected() -> None:
    with pytest.raises(ValueError, match="Unknown time zone 'Europe/Berln'"):
        build_calendar("Club", "Europe/Berln", [event()], stamp=STAMP)


def test_naive_stamp_is_rejected() -> None:
    with pytest.raises(ValueError, match="aware"):
        build_calendar("Club", "UTC", [event()], stamp=datetime(2026, 1, 1))  # noqa: DTZ001
