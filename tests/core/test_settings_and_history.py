"""Settings said back the way people write them, who is coming, what the club read, and the one
wording of counts and dates (issue 13), through the dispatcher on in-memory fakes."""

from __future__ import annotations

import string
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.adapters.console.render import render
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.commands.dispatch import Dispatcher
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.usecases.club_settings import SETTINGS
from bot.core.views import (
    Bar,
    ClubView,
    ErrorView,
    Notice,
    PaperCard,
    ResultsView,
    ScheduleView,
    StatsView,
    View,
)
from bot.core.voting import methods
from bot.core.wording import format_day, format_minutes, plural
from tests.core.fakes import make_paper, seeded_deps

CLUB = ClubKey(Platform.CONSOLE, "w", "c")
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday; sessions Wednesdays 18:00 UTC
FIRST = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
PAPERS = [make_paper(n) for n in range(1, 9)]


def ctx(name: str, admin: bool = False, display: str | None = None) -> Context:
    member = MemberKey(Platform.CONSOLE, "w", name)
    return Context(CLUB, Actor(member, display or name.title(), admin), "club")


ADMIN = ctx("ada", admin=True)


async def make_bot(clock: ManualClock) -> Dispatcher:
    deps, _ = await seeded_deps(clock, PAPERS, ClubSettings())
    dispatcher = Dispatcher(deps)
    assert isinstance((await dispatcher.run_text("/club setup", ADMIN)).view, Notice)
    return dispatcher


async def run(dispatcher: Dispatcher, line: str, who: Context = ADMIN) -> View:
    return (await dispatcher.run_text(line, who)).view


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


# ---------------------------------------------------------------- /club set and /club show


@pytest.mark.parametrize(
    ("line", "said"),
    [
        # Before: "weekday is already 2", "announce_before is now 2880", "time is now 19:00:00".
        ("/club set weekday wed", "weekday is already Wednesday."),
        ("/club set announce_before 3d", "announce_before is already 3 days."),
        ("/club set announce_before 2d", "announce_before is now 2 days."),
        ("/club set remind_before 1h30m", "remind_before is now 1 hour 30 minutes."),
        ("/club set session_length 90", "session_length is now 1 hour 30 minutes."),
        ("/club set time 7pm", "time is now 19:00."),
        ("/club set cadence fortnightly", "cadence is now every 2 weeks."),
        ("/club set anonymous yes", "anonymous is now on."),
        ("/club set native_poll off", "native_poll is already off."),
        ("/club set voting_method IRV", "voting_method is now irv."),
        ("/club set checkin_grace 45m", "checkin_grace is now 45 minutes."),
        ("/club set voice_channel 123456789012", "voice_channel is now 123456789012."),
    ],
)
async def test_club_set_says_values_back_as_people_write_them(
    clock: ManualClock, line: str, said: str
) -> None:
    dispatcher = await make_bot(clock)
    view = await run(dispatcher, line)
    assert isinstance(view, Notice), view
    assert view.text == said


@pytest.mark.parametrize(
    ("line", "listed"),
    [
        ("/club set voting_method borda", "plurality, approval, irv, schulze"),
        ("/club set weekday 3", "Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday"),
        ("/club set candidates many", "from 2 to 10"),
        ("/club set candidates 40", "from 2 to 10"),
        ("/club set announce_before soon", "3d, 2h, 90m or 1h30m"),
        ("/club set anonymous maybe", "on or off"),
        ("/club set cadence 0", "weekly, fortnightly"),
    ],
)
async def test_a_bad_value_lists_what_the_setting_takes(
    clock: ManualClock, line: str, listed: str
) -> None:
    dispatcher = await make_bot(clock)
    view = await run(dispatcher, line)
    assert isinstance(view, ErrorView), view
    assert listed in (view.hint or "")
    # Never Python's own wording, as the enum's "'borda' is not a valid VotingMethod" was.
    assert "VotingMethod" not in view.message and "invalid literal" not in view.message


PYTHON_WORDS = ("VotingMethod", "invalid literal", "Traceback", "NoneType", "object", "int()")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(sorted(SETTINGS)),
    value=st.text(string.ascii_letters + string.digits + ":.-#<>/ ", min_size=1, max_size=30),
)
async def test_any_value_for_any_setting_is_taken_or_explained(name: str, value: str) -> None:
    dispatcher = await make_bot(ManualClock(START))
    view = await run(dispatcher, f"/club set {name} '{value}'")
    if isinstance(view, ErrorView):
        assert not any(word in view.message for word in PYTHON_WORDS), view
        if view.message != "Usage: /club set SETTING VALUE":
            assert SETTINGS[name].takes() in (view.hint or ""), view
    else:
        assert isinstance(view, Notice) and view.text.startswith(f"{name} is "), view


async def test_club_show_lists_every_setting_including_the_switches(clock: ManualClock) -> None:
    dispatcher = await make_bot(clock)
    await run(dispatcher, "/club set vote_nudge on")
    await run(dispatcher, "/club set voice_channel 123456789012")
    view = await run(dispatcher, "/club show")
    assert isinstance(view, ClubView)
    fields = dict(view.fields)
    for name, setting in SETTINGS.items():
        assert f"{setting.label} ({name})" in fields, name
    assert fields["Check-in grace after the end (checkin_grace)"] == "30 minutes"
    assert fields["Nudge to vote (a day before the close) (vote_nudge)"] == "on"
    assert fields["Presenter rotation (presenter_rotation)"] == "off"
    assert fields["Discord's own poll for one-choice votes (native_poll)"] == "off"
    assert fields["Voice channel (check-ins) (voice_channel)"] == "123456789012"
    assert fields["Announce before (announce_before)"] == "3 days"
    assert fields["Reminder post (reminder)"] == "on"
    assert fields["Paused"] == "no"


# ---------------------------------------------------------------- counts and dates


def test_one_plural_rule_and_one_date_format() -> None:
    assert plural(1, "ballot") == "1 ballot"
    assert plural(0, "ballot") == "0 ballots"
    assert plural(2, "person") == "2 people"
    assert plural(1200, "vote") == "1,200 votes"
    assert format_day(date(2020, 1, 1)) == "Wed 1 Jan 2020"
    assert format_minutes(24 * 60 + 90) == "1 day 1 hour 30 minutes"
    assert format_minutes(60) == "1 hour"


def test_results_with_one_ballot_say_one_ballot() -> None:
    view = ResultsView(1, methods.method("plurality").view(), "A", (Bar("A", 1),), 1)
    # Before: "1 ballots (Plurality: one choice)".
    assert "1 ballot (Plurality: one choice)" in render(view)


async def test_a_missing_session_is_named_in_the_one_date_format(clock: ManualClock) -> None:
    dispatcher = await make_bot(clock)
    view = await run(dispatcher, "/club skip 2026-12-03")
    # Before: "Thu 03 Dec 2026" here but "Thu 3 Dec 2026" everywhere else.
    assert isinstance(view, ErrorView) and "Thu 3 Dec 2026" in view.message


# ---------------------------------------------------------------- stats, schedule, history


async def test_club_stats_count_check_ins_of_the_session_in_progress(clock: ManualClock) -> None:
    dispatcher = await make_bot(clock)
    clock.set(FIRST + timedelta(minutes=10))
    for name in ("bo", "cy"):
        assert isinstance(await run(dispatcher, "/attend", ctx(name)), Notice)
    club = await run(dispatcher, "/stats club", ctx("bo"))
    assert isinstance(club, StatsView)
    # Before: 0 check-ins and 0 sessions until the session ended.
    assert dict(club.lines)["Check-ins"] == "2"
    assert dict(club.lines)["Sessions held"] == "1"
    mine = await run(dispatcher, "/stats", ctx("bo"))
    assert isinstance(mine, StatsView) and dict(mine.lines)["Sessions attended"] == "1 of 1"
    # Someone who has not checked in yet has not missed it yet.
    di = await run(dispatcher, "/stats", ctx("di"))
    assert isinstance(di, StatsView) and dict(di.lines)["Sessions attended"] == "0 of 0"


async def test_schedule_shows_as_many_sessions_as_asked(clock: ManualClock) -> None:
    dispatcher = await make_bot(clock)
    view = await run(dispatcher, "/schedule 12", ctx("bo"))
    # Before: 8 sessions (the planning horizon), and no word about it.
    assert isinstance(view, ScheduleView) and len(view.entries) == 12
    assert view.note is None
    await run(dispatcher, "/club set cadence 3")
    view = await run(dispatcher, "/schedule 12", ctx("bo"))
    assert isinstance(view, ScheduleView) and len(view.entries) == 12


async def test_schedule_says_why_it_shows_fewer(clock: ManualClock) -> None:
    dispatcher = await make_bot(clock)
    await run(dispatcher, "/club pause")
    view = await run(dispatcher, "/schedule 12", ctx("bo"))
    assert isinstance(view, ScheduleView) and len(view.entries) < 12
    assert view.note is not None and "paused" in view.note
    assert "planned" in render(view)


async def test_schedule_past_names_paper_presenter_and_how_many_came(clock: ManualClock) -> None:
    dispatcher = await make_bot(clock)
    first = await run(dispatcher, "/paper", ctx("bo"))
    assert isinstance(first, PaperCard)
    assert isinstance(await run(dispatcher, "/present", ctx("bo")), Notice)
    clock.set(FIRST + timedelta(minutes=5))
    for name in ("bo", "cy", "di"):
        await run(dispatcher, "/attend", ctx(name))
    clock.set(FIRST + timedelta(weeks=1, minutes=5))
    await run(dispatcher, "/attend", ctx("cy"))
    clock.set(FIRST + timedelta(weeks=2))
    past = await run(dispatcher, "/schedule past", ctx("cy"))
    assert isinstance(past, ScheduleView) and past.past
    assert [e.came for e in past.entries] == [1, 3]  # most recent first
    assert past.entries[1].paper_title == first.title
    assert past.entries[1].presenter == "Bo"
    assert past.entries[0].presenter is None
    text = render(past)
    assert "1 person came" in text and "presented by Bo; 3 people came" in text
    card = await run(dispatcher, f"/paper {first.slug}", ctx("cy"))
    assert isinstance(card, PaperCard)
    assert card.read_in == "Read on Wed 25 Nov 2026, presented by Bo; 3 people came."
    assert "📚 Read on Wed 25 Nov 2026" in render(card)
    unread = await run(dispatcher, f"/paper {PAPERS[-1].slug}", ctx("cy"))
    assert isinstance(unread, PaperCard) and unread.read_in is None


async def test_schedule_past_before_any_session(clock: ManualClock) -> None:
    dispatcher = await make_bot(clock)
    past = await run(dispatcher, "/schedule past", ctx("bo"))
    assert isinstance(past, ScheduleView) and past.entries == ()
    assert past.note == "No session has taken place yet."


async def test_rsvp_list_names_who_is_going_and_who_may_come(clock: ManualClock) -> None:
    dispatcher = await make_bot(clock)
    nobody = await run(dispatcher, "/rsvp list", ctx("bo"))
    assert isinstance(nobody, Notice) and "Nobody has answered" in nobody.text
    await run(dispatcher, "/rsvp going", ctx("bo"))
    await run(dispatcher, "/rsvp maybe", ctx("cy"))
    await run(dispatcher, "/rsvp going", ctx("di", display="Di Ng"))
    await run(dispatcher, "/rsvp no", ctx("ed"))
    await run(dispatcher, "/rsvp going 2026-12-02", ctx("fay"))
    listed = await run(dispatcher, "/rsvp list", ctx("zed"))
    assert isinstance(listed, Notice)
    assert listed.text == "Wed 25 Nov 2026, 18:00 UTC: 2 going, 1 maybe."
    assert listed.details == (
        "Going (2): Bo and Di Ng",
        "Maybe (1): Cy",
        "Not coming: 1 member",
    )
    later = await run(dispatcher, "/rsvp list 2026-12-02", ctx("zed"))
    assert isinstance(later, Notice) and later.details[0] == "Going (1): Fay"


@pytest.mark.parametrize(
    ("cadence", "note"),
    [
        ("1", "A vote open longer than 32 days (the most a Discord poll can last) keeps its"),
        # Every 6 weeks: from a session's end to the next announcement, 38 days 20 hours.
        ("6", "This club's votes stay open about 39 days, longer than the 32 days a Discord"),
    ],
)
async def test_turning_native_polls_on_says_when_a_vote_keeps_its_buttons(
    clock: ManualClock, cadence: str, note: str
) -> None:
    """Issue 15: Discord's own poll lasts 768 hours at most; a longer vote keeps buttons, and
    the admin turning native polls on is told so, for their club's schedule."""
    dispatcher = await make_bot(clock)
    await run(dispatcher, f"/club set cadence {cadence}")
    view = await run(dispatcher, "/club set native_poll on")
    assert isinstance(view, Notice) and view.text == "native_poll is now on."
    (said,) = view.details
    assert said.startswith(note)
