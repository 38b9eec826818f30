"""One numbering (issue 13): the number a member sees is the number every command takes, queue
positions for papers and /schedule's numbers for sessions; a bare number never matches text;
the stable ids buttons carry are written differently (#40). Through the dispatcher on fakes."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.clock import ManualClock
from bot.core.commands.dispatch import Dispatcher
from bot.core.domain.ids import Platform
from bot.core.views import (
    ErrorView,
    Notice,
    PaperCard,
    PaperList,
    PollView,
    ScheduleView,
    View,
)
from bot.scheduling.wakeups import Wakeups
from tests.core.fakes import make_paper, seeded_deps
from tests.core.test_vote_sessions import Club, ctx
from tests.scheduling.harness import RecordingPoster

MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
# Paper 3's tagline has digits: before, "/paper 12" found it by its "12x".
PAPERS = [make_paper(n, tagline="Up to 12x faster" if n == 3 else None) for n in range(1, 9)]


async def club_with_announcement() -> Club:
    clock = ManualClock(MONDAY)
    deps, db = await seeded_deps(clock, PAPERS)
    club = Club(clock, Dispatcher(deps), db)
    club.poster = RecordingPoster(clock)
    club.wakeups = Wakeups(deps, {Platform.CONSOLE: club.poster})
    for line in ("/club setup wed 18:00 UTC", "/club set vote off"):
        assert isinstance(await club.run(line), Notice)
    await club.wakeups.tick()  # Wed 2 Dec is announced: paper 1 is no longer waiting
    return club


async def queue(club: Club) -> dict[int, str]:
    listed = await club.run("/papers", ctx("bo"))
    assert isinstance(listed, PaperList), listed
    return {item.position: item.title for item in listed.items}


async def test_paper_n_is_the_paper_papers_shows_as_n() -> None:
    club = await club_with_announcement()
    shown = await queue(club)
    assert shown[3] == "Paper number 4", "the announced paper left the waiting list"
    card = await club.run("/paper 3", ctx("bo"))
    # Before: /paper 3 was the internal id 3, "Paper number 3".
    assert isinstance(card, PaperCard) and card.title == shown[3]


async def test_a_bare_number_never_matches_text() -> None:
    club = await club_with_announcement()
    answer = await club.run("/paper 12", ctx("bo"))
    # Before: "12" matched paper 3's tagline "Up to 12x faster".
    assert isinstance(answer, ErrorView), answer
    assert answer.message == "The queue has no paper 12; it is numbered 1 to 7."


async def test_vote_open_takes_queue_numbers() -> None:
    club = await club_with_announcement()
    shown = await queue(club)
    opened = await club.run("/vote open 3 4")
    assert isinstance(opened, PollView), opened
    assert [c.title for c in opened.candidates] == [shown[3], shown[4]]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(number=st.integers(min_value=0, max_value=10**30))
def test_any_number_is_a_queue_position_or_says_there_is_none(number: int) -> None:
    import asyncio

    async def check() -> None:
        club = await club_with_announcement()
        shown = await queue(club)
        answer = await club.run(f"/paper {number}", ctx("bo"))
        if number in shown:
            assert isinstance(answer, PaperCard) and answer.title == shown[number]
        else:
            assert isinstance(answer, ErrorView) and "has no paper" in answer.message

    asyncio.run(check())


async def schedule(club: Club) -> ScheduleView:
    view = await club.run("/schedule 4", ctx("bo"))
    assert isinstance(view, ScheduleView), view
    return view


async def test_sessions_are_named_by_the_number_schedule_shows() -> None:
    club = await club_with_announcement()
    view = await schedule(club)
    assert [e.number for e in view.entries] == [1, 2, 3, 4]
    second = view.entries[1]
    going = await club.run("/rsvp going 2", ctx("bo"))
    assert isinstance(going, Notice), going
    assert going.text == f"You're going on {second.local_text}."
    listed = await club.run("/rsvp list 2", ctx("cy"))
    assert second.local_text in str(listed) and "Bo" in str(listed)
    # Before: /rsvp took the internal id, which nothing shows; "/rsvp going 40" meant session 40.
    far = await club.run("/rsvp going 40", ctx("bo"))
    assert isinstance(far, ErrorView), far
    assert far.message.startswith("/schedule has no session 40")


async def test_buttons_carry_the_stable_id_written_apart() -> None:
    club = await club_with_announcement()
    (card,) = [d.message.view for d in club.poster.sent if isinstance(d.message.view, PaperCard)]
    going = next(a for a in card.actions if a.label == "Going")
    first = (await schedule(club)).entries[0]
    assert going.command == f"/rsvp going #{first.session_id}"
    said: View = (await club.dispatcher.run_text(going.command, ctx("bo"))).view
    assert isinstance(said, Notice) and first.local_text in said.text


async def test_a_button_posted_before_ids_were_written_apart_still_names_its_session() -> None:
    """Buttons posted before the "#40" form carry the bare stable id ("/rsvp going 2"): clicked
    now, it still answers for the session it was posted for, never the session /schedule
    numbers 2, and an old button of a session that is over says so."""
    club = await club_with_announcement()
    over = (await schedule(club)).entries[0]
    club.clock.set(datetime(2026, 12, 3, 9, 0, tzinfo=UTC))  # Wed 2 Dec's session is over
    now = (await schedule(club)).entries
    nearest = next(e for e in now if e.number != e.session_id)
    line = f"/rsvp going {nearest.session_id}"
    said = (await club.dispatcher.run_button(line, ctx("bo"))).view
    assert isinstance(said, Notice) and said.text == f"You're going on {nearest.local_text}."
    listed = str(await club.run(f"/rsvp list {nearest.number}", ctx("cy")))
    assert "Bo" in listed
    old = (await club.dispatcher.run_button(f"/rsvp going {over.session_id}", ctx("bo"))).view
    assert isinstance(old, ErrorView) and old.message == "That session has already started."
    # Typed, a bare number is still the number /schedule shows.
    typed = await club.run(f"/rsvp going {nearest.session_id}", ctx("cy"))
    assert getattr(typed, "text", None) != said.text
