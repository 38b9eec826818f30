"""Voting on the next paper, RSVPs, check-ins, stats and presenters, on in-memory fakes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.adapters.console.render import render_reply as console_render
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.commands.dispatch import Dispatcher
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.usecases import vote_cycle
from bot.core.views import (
    ErrorView,
    Notice,
    PaperCard,
    PollView,
    Reply,
    ResultsView,
    StatsView,
    View,
)
from tests.core.fakes import FakeDatabase, make_paper, seeded_deps

CLUB = ClubKey(Platform.CONSOLE, "w", "c")
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday; sessions Wednesdays 18:00 UTC
FIRST = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
PAPERS = [make_paper(n) for n in range(1, 9)]


def ctx(name: str, admin: bool = False) -> Context:
    return Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", name), name.title(), admin), "club")


ADMIN = ctx("ada", admin=True)


async def make_bot(clock: ManualClock, **settings: object) -> tuple[Dispatcher, FakeDatabase]:
    club_settings = ClubSettings(
        announce_before_minutes=24 * 60,
        **settings,  # type: ignore[arg-type]
    )
    deps, db = await seeded_deps(clock, PAPERS, club_settings)
    dispatcher = Dispatcher(deps)
    assert isinstance((await dispatcher.run_text("/club setup", ADMIN)).view, Notice)
    return dispatcher, db


async def run(dispatcher: Dispatcher, line: str, who: Context) -> View:
    return (await dispatcher.run_text(line, who)).view


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


async def test_rsvp_is_changeable_and_closes_at_the_start(clock: ManualClock) -> None:
    dispatcher, db = await make_bot(clock)
    bo = ctx("bo")
    going = await run(dispatcher, "/rsvp going", bo)
    assert isinstance(going, Notice) and "You're going" in going.text
    assert "1 going" in going.details[0]
    maybe = await run(dispatcher, "/rsvp maybe", bo)
    assert isinstance(maybe, Notice) and "0 going · 1 maybe" in maybe.details[0]
    assert len(db.store.rsvps) == 1
    clock.set(FIRST + timedelta(minutes=1))
    late = await run(dispatcher, "/rsvp no", bo)
    assert isinstance(late, ErrorView) and "already started" in late.message
    bad = await run(dispatcher, "/rsvp perhaps", bo)
    assert isinstance(bad, ErrorView) and "Usage: /rsvp" in bad.message


async def test_check_in_only_while_the_session_is_on(clock: ManualClock) -> None:
    dispatcher, db = await make_bot(clock, checkin_grace_minutes=15)
    bo = ctx("bo")
    early = await run(dispatcher, "/attend", bo)
    assert isinstance(early, ErrorView) and "only during a session" in early.message
    clock.set(FIRST + timedelta(minutes=5))
    first = await run(dispatcher, "/attend", bo)
    assert isinstance(first, Notice) and "checked in" in first.text
    again = await run(dispatcher, "/attend", bo)
    assert isinstance(again, Notice) and "already checked in" in again.text
    assert len(db.store.check_ins) == 1
    clock.set(FIRST + timedelta(minutes=60 + 10))  # within the grace period
    assert isinstance(await run(dispatcher, "/attend", ctx("cy")), Notice)
    clock.set(FIRST + timedelta(minutes=60 + 16))
    assert isinstance(await run(dispatcher, "/attend", ctx("di")), ErrorView)


async def test_a_plurality_vote_from_open_to_winner(clock: ManualClock) -> None:
    dispatcher, _db = await make_bot(clock)
    opened = await run(dispatcher, "/vote open", ADMIN)
    assert isinstance(opened, PollView), opened
    # The first Wednesday is announced a day ahead, so there is still time to choose its paper.
    assert [c.title for c in opened.candidates] == [f"Paper number {n}" for n in (1, 2, 3, 4)]
    assert [a.command for a in opened.actions][:2] == [
        f"/vote cast #{opened.poll_id} 1",
        f"/vote cast #{opened.poll_id} 2",
    ]
    for name, choice in [("a", 3), ("b", 3), ("c", 1), ("d", 3), ("e", 2)]:
        cast = await run(dispatcher, f"/vote {choice}", ctx(name))
        assert isinstance(cast, Notice), cast
    # Changing your mind replaces your ballot.
    await run(dispatcher, "/vote 1", ctx("e"))
    shown = await run(dispatcher, "/vote", ctx("e"))
    assert isinstance(shown, PollView) and shown.your_choices == (1,) and shown.ballots == 5
    assert isinstance(await run(dispatcher, "/vote close", ctx("bo")), ErrorView)
    results = await run(dispatcher, "/vote close", ADMIN)
    assert isinstance(results, ResultsView)
    assert results.winner == "Paper number 3"
    assert results.for_session is not None and "25 Nov 2026" in results.for_session
    assert [b.value for b in results.bars][:2] == [3, 2]
    again = await run(dispatcher, "/vote results", ctx("zed"))
    assert isinstance(again, ResultsView) and again.winner == "Paper number 3"
    # The winner is fixed to the next undecided session; the others keep their queue order.
    schedule = [
        e.paper_title for e in (await dispatcher.run_text("/schedule 4", ctx("zed"))).view.entries
    ]  # type: ignore[union-attr]
    assert schedule == ["Paper number 3", "Paper number 1", "Paper number 2", "Paper number 4"]


async def test_buttons_posted_before_the_typed_commands_still_work(clock: ManualClock) -> None:
    """Messages already in channels carry the old lines ("/vote #7 2"); they keep working."""
    dispatcher, db = await make_bot(clock)
    poll = await run(dispatcher, "/vote open", ADMIN)
    assert isinstance(poll, PollView)
    cast = await run(dispatcher, f"/vote #{poll.poll_id} 2", ctx("bo"))
    assert isinstance(cast, Notice) and "Your vote is in" in cast.text
    shown = await run(dispatcher, f"/vote #{poll.poll_id}", ctx("bo"))
    assert isinstance(shown, PollView) and shown.your_choices == (2,)
    withdrawn = await run(dispatcher, f"/vote #{poll.poll_id} withdraw", ctx("bo"))
    assert isinstance(withdrawn, Notice) and "withdrawn" in withdrawn.text
    assert db.store.ballots == {}


async def test_stale_buttons_and_the_deadline_are_enforced(clock: ManualClock) -> None:
    dispatcher, _ = await make_bot(clock)
    poll = await run(dispatcher, "/vote open", ADMIN)
    assert isinstance(poll, PollView)
    stale = await run(dispatcher, f"/vote #{poll.poll_id + 99} 1", ctx("bo"))
    assert isinstance(stale, ErrorView) and "closed" in stale.message
    clock.set(poll.closes_at)
    late = await run(dispatcher, "/vote 1", ctx("bo"))
    assert isinstance(late, ErrorView) and "closed at" in late.message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/vote 9", "not one of the candidates"),
        ("/vote 1 1", "twice"),
        ("/vote 1 2", "one choice"),
        ("/vote #x 1", "Usage"),
        ("/vote results extra", "takes no arguments"),
    ],
)
async def test_bad_ballots_are_refused_clearly(
    clock: ManualClock, line: str, expected: str
) -> None:
    dispatcher, db = await make_bot(clock)
    await run(dispatcher, "/vote open", ADMIN)
    view = await run(dispatcher, line, ctx("bo"))
    assert isinstance(view, ErrorView) and expected in view.message + (view.hint or "")
    assert not db.store.ballots


async def test_ranked_irv_shows_rounds(clock: ManualClock) -> None:
    dispatcher, _ = await make_bot(clock, voting_method="irv")
    await run(dispatcher, "/vote open", ADMIN)
    ballots = ["1 2", "1 2", "2 1", "3 2", "3 2", "4 2 1"]
    for n, line in enumerate(ballots):
        assert isinstance(await run(dispatcher, f"/vote {line}", ctx(f"m{n}")), Notice)
    results = await run(dispatcher, "/vote close", ADMIN)
    assert isinstance(results, ResultsView)
    assert results.rounds and "eliminated" in results.rounds[0]
    # Round 1: 2 and 4 tie last (1 each); 4 goes (later in the queue) and its vote moves to 2.
    # Round 2: 1, 2 and 3 tie on 2; 3 goes and both its votes move to 2, a majority.
    assert results.winner == "Paper number 2"


async def test_the_scheduler_cycle_opens_and_closes_once(clock: ManualClock) -> None:
    dispatcher, _db = await make_bot(clock)
    deps = dispatcher.deps
    async with deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
        assert club is not None
        first = await vote_cycle.open_vote(uow, club, clock.now())
        second = await vote_cycle.open_vote(uow, club, clock.now())
        await uow.commit()
    assert isinstance(first, PollView) and second is None
    clock.set(first.closes_at)
    async with deps.uow() as uow:
        results = await vote_cycle.close_due_votes(uow, club, clock.now())
        again = await vote_cycle.close_due_votes(uow, club, clock.now())
        await uow.commit()
    assert isinstance(results, ResultsView) and again is None
    assert "no ballots" in " ".join(results.tie_break).lower() or results.total_ballots == 0


async def test_presenters_volunteer_swap_and_show_on_the_card(clock: ManualClock) -> None:
    dispatcher, _ = await make_bot(clock)
    bo, cy = ctx("bo"), ctx("cy")
    assert isinstance(await run(dispatcher, "/present", bo), Notice)
    card = await run(dispatcher, "/paper", cy)
    assert isinstance(card, PaperCard) and card.presenter == "Bo"
    taken = await run(dispatcher, "/present 2026-11-25", cy)
    assert isinstance(taken, ErrorView) and "Bo is presenting" in taken.message
    assert isinstance(await run(dispatcher, "/present 2026-12-02", cy), Notice)
    asked = await run(dispatcher, "/present swap 2026-12-02", bo)
    assert isinstance(asked, Notice) and "Bo asks Cy to swap" in asked.text
    # Nothing changes until Cy answers: the swap waits for consent.
    card = await run(dispatcher, "/paper", bo)
    assert isinstance(card, PaperCard) and card.presenter == "Bo"
    accept = next(a for a in asked.actions if a.label == "Accept swap")
    # Only Cy can accept; Bo (or a third member) pressing the button changes nothing.
    refused = await run(dispatcher, accept.command, ctx("di"))
    assert isinstance(refused, ErrorView) and "Only the member you asked" in refused.message
    swapped = await run(dispatcher, accept.command, cy)
    assert isinstance(swapped, Notice) and "Swapped: Cy presents on Wed 25 Nov" in swapped.text
    card = await run(dispatcher, "/paper", bo)
    assert isinstance(card, PaperCard) and card.presenter == "Cy"
    again = await run(dispatcher, accept.command, cy)
    assert isinstance(again, ErrorView) and "already accepted" in again.message


async def test_a_swap_taken_by_a_typed_command_declined_or_expired(clock: ManualClock) -> None:
    dispatcher, _ = await make_bot(clock)
    bo, cy = ctx("bo"), ctx("cy")
    await run(dispatcher, "/present 2026-11-25", bo)
    await run(dispatcher, "/present 2026-12-02", cy)
    asked = await run(dispatcher, "/present swap 2026-12-02", bo)
    assert isinstance(asked, Notice) and asked.actions
    nothing = await run(dispatcher, "/present accept", ctx("di"))
    assert isinstance(nothing, ErrorView) and "No swap request" in nothing.message
    declined = await run(dispatcher, "/present decline", cy)
    assert isinstance(declined, Notice) and "Cy declined Bo's swap" in declined.text
    card = await run(dispatcher, "/paper", cy)
    assert isinstance(card, PaperCard) and card.presenter == "Bo"
    # Asked again, the request expires after two days on the injected clock.
    await run(dispatcher, "/present swap 2026-12-02", bo)
    clock.set(START + timedelta(days=2, minutes=1))
    late = await run(dispatcher, "/present accept", cy)
    assert isinstance(late, ErrorView) and "No swap request" in late.message
    stale = await run(dispatcher, next(a.command for a in asked.actions), cy)
    assert isinstance(stale, ErrorView) and "already declined" in stale.message
    # Typed, within the time: the console's way to accept.
    await run(dispatcher, "/present swap 2026-12-02", bo)
    typed = await run(dispatcher, "/present accept 2026-12-02", cy)
    assert isinstance(typed, Notice) and typed.text.startswith("Swapped")
    card = await run(dispatcher, "/paper", cy)
    assert isinstance(card, PaperCard) and card.presenter == "Cy"


async def test_a_swap_request_expires_before_the_sessions_start(clock: ManualClock) -> None:
    dispatcher, _ = await make_bot(clock)
    bo, cy = ctx("bo"), ctx("cy")
    await run(dispatcher, "/present 2026-11-25", bo)
    await run(dispatcher, "/present 2026-12-02", cy)
    clock.set(FIRST - timedelta(hours=22))
    asked = await run(dispatcher, "/present swap 2026-12-02", bo)
    assert isinstance(asked, Notice)
    # Bo's session starts in less than the two days a request lasts: it expires at the start.
    assert "by Wed 25 Nov 2026, 18:00" in asked.details[0]
    clock.set(FIRST - timedelta(minutes=1))
    assert isinstance(await run(dispatcher, asked.actions[0].command, cy), Notice)


async def test_admins_assign_and_clear_presenters(clock: ManualClock) -> None:
    dispatcher, _ = await make_bot(clock)
    bo, cy = ctx("bo"), ctx("cy")
    await run(dispatcher, "/present 2026-11-25", bo)
    await run(dispatcher, "/rsvp going", cy)  # the bot knows Cy by name from here on
    denied = await run(dispatcher, "/present assign 2026-11-25 Cy", bo)
    assert isinstance(denied, ErrorView) and "Only club admins" in denied.message
    unknown = await run(dispatcher, "/present assign 2026-11-25 Zed", ADMIN)
    assert isinstance(unknown, ErrorView) and "don't know a member called 'Zed'" in unknown.message
    assigned = await run(dispatcher, "/present assign 2026-11-25 cy", ADMIN)
    assert (
        isinstance(assigned, Notice)
        and assigned.text == "Cy presents on Wed 25 Nov 2026, 18:00 UTC."
    )
    assert assigned.details == ("Bo no longer presents it.",)
    card = await run(dispatcher, "/paper", bo)
    assert isinstance(card, PaperCard) and card.presenter == "Cy"
    mention = await run(dispatcher, "/present assign 2026-12-02 <@bo>", ADMIN)
    assert isinstance(mention, Notice) and mention.text.startswith("Bo presents on Wed 2 Dec")
    cleared = await run(dispatcher, "/present clear 2026-11-25", ADMIN)
    assert isinstance(cleared, Notice) and "Cy no longer presents" in cleared.text
    card = await run(dispatcher, "/paper", bo)
    assert isinstance(card, PaperCard) and card.presenter is None


async def test_stats_for_a_member_and_the_club(clock: ManualClock) -> None:
    dispatcher, _ = await make_bot(clock)
    bo = ctx("bo")
    for week in range(3):
        start = FIRST + timedelta(weeks=week)
        clock.set(start - timedelta(hours=2))
        await run(dispatcher, "/rsvp going", bo)
        clock.set(start + timedelta(minutes=5))
        if week != 1:
            await run(dispatcher, "/attend", bo)
        await run(dispatcher, "/attend", ctx("cy"))
    clock.set(FIRST + timedelta(weeks=3))
    mine = await run(dispatcher, "/stats", bo)
    assert isinstance(mine, StatsView)
    lines = dict(mine.lines)
    assert lines["Sessions attended"] == "2 of 3"
    assert lines["Current streak"] == "1 in a row"
    assert lines["RSVP 'going' kept"] == "2 of 3 (66%)"
    club = await run(dispatcher, "/stats club", bo)
    assert isinstance(club, StatsView)
    assert [b.value for b in club.bars] == [2, 1, 2]
    assert club.extra_bars[0].label == "Cy" and club.extra_bars[0].value == 3


async def test_rotation_hands_unclaimed_sessions_to_who_presented_least(clock: ManualClock) -> None:
    dispatcher, _ = await make_bot(clock, presenter_rotation=True)
    for name in ("bo", "cy"):
        joined = await run(dispatcher, "/present optin", ctx(name))
        assert isinstance(joined, Notice) and "rotation" in joined.text
    again = await run(dispatcher, "/present optin", ctx("bo"))
    assert isinstance(again, Notice) and "already" in again.text
    # Monday: the Wednesday session is announced a day ahead, so it isn't assigned yet.
    card = await run(dispatcher, "/paper", ctx("zed"))
    assert isinstance(card, PaperCard) and card.presenter is None
    presenters = []
    for week in range(3):
        clock.set(FIRST + timedelta(weeks=week) - timedelta(hours=20))
        card = await run(dispatcher, "/paper", ctx("zed"))
        assert isinstance(card, PaperCard)
        presenters.append(card.presenter)
    assert presenters == ["Bo", "Cy", "Bo"]
    assert isinstance(await run(dispatcher, "/present optout", ctx("bo")), Notice)
    clock.set(FIRST + timedelta(weeks=3) - timedelta(hours=20))
    card = await run(dispatcher, "/paper", ctx("zed"))
    assert isinstance(card, PaperCard) and card.presenter == "Cy"


async def test_opt_in_nudge_names_rsvped_members_who_have_not_voted(clock: ManualClock) -> None:
    dispatcher, _ = await make_bot(clock, vote_nudge=True)
    for name in ("bo", "cy", "di"):
        await run(dispatcher, "/rsvp going", ctx(name))
    poll = await run(dispatcher, "/vote open", ADMIN)
    assert isinstance(poll, PollView)
    await run(dispatcher, "/vote 1", ctx("bo"))
    deps = dispatcher.deps
    async with deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
        assert club is not None
        assert await vote_cycle.nudge(uow, club, clock.now()) is None  # too early
        clock.set(poll.closes_at - timedelta(hours=3))
        view = await vote_cycle.nudge(uow, club, clock.now())
    assert isinstance(view, Notice)
    assert view.details == ("Still to vote: Cy and Di",)
    assert view.actions[0].command == "/vote show"


async def test_interest_counts_as_maybe_but_never_undoes_an_answer(clock: ManualClock) -> None:
    dispatcher, db = await make_bot(clock)
    await run(dispatcher, "/rsvp going", ctx("bo"))
    kept = await run(dispatcher, "/rsvp interested", ctx("bo"))
    assert isinstance(kept, Notice) and "Kept your answer" in kept.text
    await run(dispatcher, "/rsvp interested", ctx("cy"))
    assert sorted(r.status.value for r in db.store.rsvps.values()) == ["going", "maybe"]


async def test_a_ballot_can_be_withdrawn_until_the_deadline(clock: ManualClock) -> None:
    dispatcher, db = await make_bot(clock)
    poll = await run(dispatcher, "/vote open", ADMIN)
    assert isinstance(poll, PollView)
    await run(dispatcher, "/vote 2", ctx("bo"))
    gone = await run(dispatcher, f"/vote #{poll.poll_id} withdraw", ctx("bo"))
    assert isinstance(gone, Notice) and "withdrawn" in gone.text
    assert not db.store.ballots
    again = await run(dispatcher, "/vote withdraw", ctx("bo"))
    assert isinstance(again, Notice) and "hadn't voted" in again.text
    clock.set(poll.closes_at)
    late = await run(dispatcher, "/vote withdraw", ctx("bo"))
    assert isinstance(late, ErrorView)


async def test_only_the_opening_post_of_a_plurality_vote_is_a_native_poll(
    clock: ManualClock,
) -> None:
    dispatcher, _ = await make_bot(clock, native_poll=True)
    opened = await run(dispatcher, "/vote open", ADMIN)
    assert isinstance(opened, PollView) and opened.native_poll
    shown = await run(dispatcher, "/vote", ctx("bo"))
    assert isinstance(shown, PollView) and not shown.native_poll
    approval, _ = await make_bot(clock, native_poll=True, voting_method="approval")
    assert not getattr(await run(approval, "/vote open", ADMIN), "native_poll", True)
    plain, _ = await make_bot(clock)
    assert not getattr(await run(plain, "/vote open", ADMIN), "native_poll", True)


async def test_opening_and_closing_a_vote_is_news_for_the_channel(clock: ManualClock) -> None:
    dispatcher, _ = await make_bot(clock)
    opened = await dispatcher.run_text("/vote open", ADMIN)
    assert isinstance(opened.view, PollView) and not opened.private
    cast = await dispatcher.run_text("/vote 1", ctx("bo"))
    assert cast.private
    closed = await dispatcher.run_text("/vote close", ADMIN)
    assert isinstance(closed.view, ResultsView) and not closed.private
    refused = await dispatcher.run_text("/vote open", ctx("bo"))
    assert refused.private


async def test_an_approval_ballot_is_a_set_in_every_answer(clock: ManualClock) -> None:
    """Approving 3 and 1 is not a ranking: the answer says what you approve, in no order."""
    dispatcher, _ = await make_bot(clock, voting_method="approval")
    poll = await run(dispatcher, "/vote open", ADMIN)
    assert isinstance(poll, PollView)
    cast = await run(dispatcher, "/vote 3 1", ctx("bo"))
    assert isinstance(cast, Notice) and cast.text == "Your vote is in."
    titles = {c.number: c.title for c in poll.candidates}
    assert cast.details[0] == f"You approve: {titles[1]}; {titles[3]}"
    assert not any(detail.startswith("1. ") for detail in cast.details)
    shown = await run(dispatcher, "/vote", ctx("bo"))
    assert isinstance(shown, PollView) and shown.your_choices == (1, 3)
    assert "You approve: 1, 3" in console_render(Reply(shown))


async def test_a_ranking_step_answers_with_the_saved_vote_then_the_poll(clock: ManualClock) -> None:
    """A step of a ranking (Discord's ranked selects; `/vote rank N` typed anywhere) answers
    with two views, what was saved and then the poll with the ballot so far, as a reply with an
    extra view: every platform shows those already, so no renderer takes a ranking step apart."""
    dispatcher, _ = await make_bot(clock, voting_method="irv")
    await run(dispatcher, "/vote open", ADMIN)
    first = await dispatcher.run_text("/vote rank 2", ctx("bo"))
    assert first.private
    assert isinstance(first.view, Notice) and first.view.text == "Your vote is in."
    (poll,) = first.extra
    assert isinstance(poll, PollView) and poll.your_choices == (2,) and poll.ballots == 1
    second = await dispatcher.run_text("/vote rank 2 1", ctx("bo"))
    (poll,) = second.extra
    assert isinstance(poll, PollView) and poll.your_choices == (2, 1) and poll.ballots == 1
    assert isinstance(second.view, Notice) and second.view.text == "Your ranking is in."
    shown = console_render(second)
    assert shown.index("Your ranking is in.") < shown.index("Your ballot: 2 > 1")
