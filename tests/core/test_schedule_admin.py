"""The weekly rhythm's admin commands and the DST rule, on in-memory fakes with a manual clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.commands.dispatch import Dispatcher
from bot.core.domain.clubs import Club, ClubSettings
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.outbox import PostKind
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning.postplan import plan_posts
from bot.core.views import ErrorView, Notice, PaperCard
from bot.scheduling.wakeups import Wakeups
from tests.core.fakes import FakeDatabase, make_paper, seeded_deps
from tests.scheduling.harness import RecordingPoster, run_until

CLUB = ClubKey(Platform.CONSOLE, "w", "c")
ADMIN = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "ada"), "Ada", True), "c")
MEMBER = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "bo"), "Bo"), "c")
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PAPERS = [make_paper(n) for n in range(1, 9)]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


class Club_:
    """A club on fakes, its scheduler and a recording poster, driven by one manual clock."""

    def __init__(self, clock: ManualClock, dispatcher: Dispatcher, db: FakeDatabase) -> None:
        self.clock = clock
        self.dispatcher = dispatcher
        self.db = db
        self.poster = RecordingPoster(clock)
        self.wakeups = Wakeups(dispatcher.deps, {Platform.CONSOLE: self.poster})

    async def say(self, line: str, ctx: Context = ADMIN) -> object:
        return (await self.dispatcher.run_text(line, ctx)).view

    async def ok(self, line: str) -> Notice:
        view = await self.say(line)
        assert isinstance(view, Notice), view
        return view

    async def until(self, instant: datetime) -> None:
        await run_until(self.clock, self.wakeups, instant)

    def posts(self, kind: PostKind) -> list[datetime]:
        return [d.at for d in self.poster.sent if d.message.kind == kind]

    def titles(self) -> list[str]:
        return [
            d.message.view.title for d in self.poster.sent if isinstance(d.message.view, PaperCard)
        ]


async def club(start: datetime = MONDAY, setup: str = "/club setup wed 18:00 UTC") -> Club_:
    clock = ManualClock(start)
    deps, db = await seeded_deps(clock, PAPERS)
    c = Club_(clock, Dispatcher(deps), db)
    await c.ok(setup)
    await c.ok("/club set vote off")  # votes would change the papers; tested elsewhere
    return c


async def test_skip_shifts_the_queue_and_drops_that_weeks_posts() -> None:
    c = await club()
    notice = await c.ok("/club skip 2026-12-02")
    assert "No session on Wed 2 Dec 2026, 18:00 UTC" in notice.text
    await c.until(utc(2026, 12, 10))
    assert c.posts(PostKind.START) == [utc(2026, 11, 25, 18), utc(2026, 12, 9, 18)]
    assert c.titles() == ["Paper number 1", "Paper number 2"]
    again = await c.say("/club skip 2026-12-02")
    assert isinstance(again, ErrorView)


async def test_skip_keeps_a_fixed_paper_by_moving_it_on() -> None:
    c = await club()
    await c.until(utc(2026, 11, 24))
    async with c.db.uow() as uow:
        found = await uow.clubs.get(CLUB)
        assert found is not None
        upcoming = await uow.sessions.between(found.id, c.clock.now(), limit=3)
        # As a vote would: paper 8 is fixed to the session about to be skipped.
        await uow.sessions.update(replace(upcoming[1], paper_id=PAPERS_BY_TITLE["8"]))
        await uow.commit()
    await c.ok("/club skip 2026-12-02")
    await c.until(utc(2026, 12, 10))
    assert c.titles() == ["Paper number 1", "Paper number 8"]


PAPERS_BY_TITLE = {str(n): n for n in range(1, 9)}  # seeded_deps gives papers ids 1..8


async def test_reschedule_moves_the_session_and_its_posts() -> None:
    c = await club()
    notice = await c.ok("/club reschedule 2026-12-02 2026-12-03 19:30")
    assert "to Thu 3 Dec 2026, 19:30 UTC" in notice.text
    await c.until(utc(2026, 12, 4))
    assert c.posts(PostKind.START) == [utc(2026, 11, 25, 18), utc(2026, 12, 3, 19, 30)]
    assert c.posts(PostKind.REMINDER)[-1] == utc(2026, 12, 3, 18, 30)
    assert c.posts(PostKind.ANNOUNCEMENT)[-1] == utc(2026, 11, 30, 19, 30)


async def test_pause_stops_posts_and_resume_picks_up_the_queue_where_it_was() -> None:
    c = await club()
    await c.until(utc(2026, 11, 26))
    await c.ok("/club pause")
    await c.until(utc(2026, 12, 14))
    assert c.posts(PostKind.START) == [utc(2026, 11, 25, 18)]
    await c.ok("/club resume")
    await c.until(utc(2026, 12, 17))
    assert c.posts(PostKind.START) == [utc(2026, 11, 25, 18), utc(2026, 12, 16, 18)]
    assert c.titles() == ["Paper number 1", "Paper number 2"]


async def test_rule_changes_replan_future_posts_and_leave_past_ones() -> None:
    c = await club()
    await c.until(utc(2026, 11, 26))
    await c.ok("/club set time 19:00")
    await c.ok("/club set announce_before 1d")
    await c.ok("/club set reminder off")
    await c.until(utc(2026, 12, 3))
    assert c.posts(PostKind.START) == [utc(2026, 11, 25, 18), utc(2026, 12, 2, 19)]
    assert c.posts(PostKind.ANNOUNCEMENT)[-1] == utc(2026, 12, 1, 19)
    assert c.posts(PostKind.REMINDER) == [utc(2026, 11, 25, 17)]
    async with c.db.uow() as uow:
        found = await uow.clubs.get(CLUB)
        assert found is not None
        past = await uow.sessions.between(found.id, MONDAY, utc(2026, 11, 26))
    assert [s.starts_at for s in past] == [utc(2026, 11, 25, 18)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/club skip 2026-13-01", "can't tell which session"),
        ("/club skip 2026-12-03", "no session on Thu 3 Dec 2026"),
        ("/club reschedule 2026-12-02 tomorrow 19:00", "can't read the new date"),
        ("/club reschedule 2026-12-02 2020-01-01 19:00", "in the past"),
        ("/club set timezone Europe/Berln", "Europe/Berlin"),
        ("/club set time 25:00", "Unknown time"),
        ("/club set colour blue", "no setting 'colour'"),
        ("/club set announce_before soon", "as a duration"),
    ],
)
async def test_bad_input_gets_a_friendly_error(line: str, expected: str) -> None:
    c = await club()
    view = await c.say(line)
    assert isinstance(view, ErrorView), view
    assert expected in view.message + (view.hint or "")


async def test_members_cannot_change_the_rhythm() -> None:
    c = await club()
    for line in ("/club skip 2026-12-02", "/club pause", "/club set time 9:00", "/club calendar"):
        view = await c.say(line, MEMBER)
        assert isinstance(view, ErrorView) and "admin" in view.message


def test_plan_posts_honours_switches_lead_times_skips_and_pause() -> None:
    settings = ClubSettings(announce_before_minutes=24 * 60, remind_before_minutes=30)
    found = Club(7, CLUB, "c", settings, MONDAY)
    start = utc(2026, 12, 2, 18)
    sessions = [
        Session(40, 7, start, 60),
        Session(41, 7, start + timedelta(weeks=1), 60, SessionStatus.SKIPPED),
    ]
    posts = {p.key: p.due_at for p in plan_posts(found, sessions, None)}
    assert posts == {
        "club:7:session:40:announcement": start - timedelta(days=1),
        "club:7:session:40:reminder": start - timedelta(minutes=30),
        "club:7:session:40:start": start,
        "club:7:session:40:vote_open": start + timedelta(hours=1),
    }
    quiet = Club(7, CLUB, "c", ClubSettings(post_reminder=False, post_vote=False), MONDAY)
    assert {p.kind for p in plan_posts(quiet, sessions, None)} == {
        PostKind.ANNOUNCEMENT,
        PostKind.START,
    }
    paused = Club(7, CLUB, "c", ClubSettings(paused=True), MONDAY)
    assert plan_posts(paused, sessions, None) == []


# Each zone crosses a DST change (or, for Kathmandu, keeps its odd offset) between two sessions.
DST_CASES = [
    ("America/New_York", datetime(2026, 10, 26, 9, tzinfo=UTC), "wed", time(18)),
    ("Europe/Berlin", datetime(2026, 10, 19, 9, tzinfo=UTC), "wed", time(18)),
    ("Australia/Lord_Howe", datetime(2026, 9, 28, 9, tzinfo=UTC), "wed", time(18)),
    ("Asia/Kathmandu", datetime(2026, 10, 19, 9, tzinfo=UTC), "wed", time(18)),
    ("Pacific/Auckland", datetime(2026, 9, 21, 9, tzinfo=UTC), "wed", time(18)),
    # Sessions inside the transition hours themselves: the gap moves forward, the fold takes
    # the first occurrence; never skipped, never doubled.
    ("America/New_York", datetime(2026, 3, 1, 9, tzinfo=UTC), "sun", time(2, 30)),
    ("America/New_York", datetime(2026, 10, 26, 9, tzinfo=UTC), "sun", time(1, 30)),
    ("Australia/Lord_Howe", datetime(2026, 9, 28, 9, tzinfo=UTC), "sun", time(2, 15)),
]


@pytest.mark.parametrize(("zone", "start", "weekday", "at"), DST_CASES)
async def test_posts_land_at_the_right_utc_instants_across_dst(
    zone: str, start: datetime, weekday: str, at: time
) -> None:
    c = await club(start, f"/club setup {weekday} {at:%H:%M} {zone}")
    await c.until(start + timedelta(days=15))
    starts = c.posts(PostKind.START)
    assert len(starts) == 2  # two weeks, two sessions: none skipped, none doubled
    tz = ZoneInfo(zone)
    for instant in starts:
        local = instant.astimezone(tz)
        expected = datetime.combine(local.date(), at, tz)
        if expected.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == expected.replace(
            tzinfo=None
        ):
            assert instant == expected.astimezone(UTC).replace(tzinfo=UTC)  # a time that exists
        else:
            assert local.time() > at  # in the gap: moved forward
    # Lead times are durations: the reminder is exactly an hour before, even on a DST night.
    assert [s - r for s, r in zip(starts, c.posts(PostKind.REMINDER), strict=True)] == [
        timedelta(hours=1)
    ] * 2
