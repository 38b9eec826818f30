"""Votes decide a session everyone can see, and nothing silently changes an announced session
(issue 13), through the dispatcher and the outbox on in-memory fakes."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.commands.dispatch import Dispatcher
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.outbox import PostKind
from bot.core.domain.polls import PollStatus
from bot.core.views import (
    ErrorView,
    Notice,
    PaperCard,
    PollView,
    ResultsView,
    ScheduleView,
    View,
)
from bot.scheduling.wakeups import Wakeups
from tests.core.fakes import FakeDatabase, make_paper, seeded_deps
from tests.scheduling.harness import RecordingPoster, run_until

CLUB = ClubKey(Platform.CONSOLE, "w", "c")
# Monday; the club meets Wednesdays 18:00 UTC and announces three days ahead, so Wed 2 Dec
# was announced on Sunday, before the club was even set up, and goes out on the first tick.
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
PAPERS = [make_paper(n) for n in range(1, 9)]


def ctx(name: str, admin: bool = False) -> Context:
    return Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", name), name.title(), admin), "c")


ADMIN = ctx("ada", admin=True)


class Club:
    def __init__(self, clock: ManualClock, dispatcher: Dispatcher, db: FakeDatabase) -> None:
        self.clock, self.dispatcher, self.db = clock, dispatcher, db
        self.poster = RecordingPoster(clock)
        self.wakeups = Wakeups(dispatcher.deps, {Platform.CONSOLE: self.poster})

    async def run(self, line: str, who: Context = ADMIN) -> View:
        return (await self.dispatcher.run_text(line, who)).view

    async def schedule(self, n: int = 3) -> list[tuple[str, str | None]]:
        view = await self.run(f"/schedule {n}")
        assert isinstance(view, ScheduleView), view
        return [(e.local_text, e.paper_title) for e in view.entries]

    def announced(self) -> list[PaperCard]:
        return [
            d.message.view
            for d in self.poster.sent
            if d.message.kind == PostKind.ANNOUNCEMENT and isinstance(d.message.view, PaperCard)
        ]

    def corrections(self) -> list[Notice]:
        return [
            d.message.view
            for d in self.poster.sent
            if d.message.kind == PostKind.NOTICE and isinstance(d.message.view, Notice)
        ]


async def announced_club(*settings: str) -> Club:
    clock = ManualClock(MONDAY)
    deps, db = await seeded_deps(clock, PAPERS)
    club = Club(clock, Dispatcher(deps), db)
    assert isinstance(await club.run("/club setup wed 18:00 UTC"), Notice)
    # The scheduler's own vote would open on its own after a session; here the admin runs it.
    for line in ("/club set vote off", *settings):
        assert isinstance(await club.run(line), Notice)
    await club.wakeups.tick()
    (card,) = club.announced()
    assert card.session_local and "Wed 2 Dec" in card.session_local
    return club


async def test_closing_early_decides_the_session_the_vote_named() -> None:
    """The reproduction: /vote open, /vote 2, /vote close, /schedule 2. Before, the poll said
    'closes Sun 6 Dec', and closing it put the winner on the announced Wed 2 Dec, pushing the
    announced paper a week, with no correction."""
    club = await announced_club()
    (announced,) = club.announced()
    opened = await club.run("/vote open")
    assert isinstance(opened, PollView), opened
    assert opened.heading == "Vote for the paper of Wed 9 Dec 2026"
    assert opened.for_session and opened.for_session.startswith("Wed 9 Dec 2026")
    assert "Sun 6 Dec" in opened.closes_local
    winner = opened.candidates[1].title
    assert isinstance(await club.run("/vote 2", ctx("bo")), Notice)
    shown = await club.run("/vote", ctx("cy"))
    assert isinstance(shown, PollView) and shown.heading == opened.heading
    results = await club.run("/vote close")
    assert isinstance(results, ResultsView), results
    assert results.winner == winner
    assert results.for_session and results.for_session.startswith("Wed 9 Dec 2026")
    (first, second) = await club.schedule(2)
    assert first[1] == announced.title, "the announced paper is the paper read"
    assert second == (second[0], winner) and second[0].startswith("Wed 9 Dec")
    again = await club.run("/vote results", ctx("cy"))
    assert isinstance(again, ResultsView) and again.heading == opened.heading
    await club.wakeups.tick()
    assert club.corrections() == [], "nothing announced changed, so nothing is corrected"


async def test_a_vote_nobody_voted_in_lets_the_admin_choose() -> None:
    club = await announced_club()
    assert isinstance(await club.run("/vote open"), PollView)
    before = await club.schedule(2)
    refused = await club.run("/vote close")
    # Before: the tie-break order crowned candidate 1 as if someone had chosen it.
    assert isinstance(refused, ErrorView), refused
    assert "Nobody has voted" in refused.message
    assert refused.hint and "/vote close queue" in refused.hint and "/vote cancel" in refused.hint
    kept = await club.run("/vote close queue")
    assert isinstance(kept, ResultsView), kept
    assert kept.winner is None and kept.tie_break == ()
    assert kept.outcome and kept.outcome.startswith("Nobody voted: Wed 9 Dec 2026")
    assert await club.schedule(2) == before, "the queue order stands"


async def test_vote_cancel_calls_the_vote_off() -> None:
    club = await announced_club()
    assert isinstance(await club.run("/vote open"), PollView)
    assert isinstance(await club.run("/vote 1", ctx("bo")), Notice)
    assert isinstance(await club.run("/vote cancel", ctx("bo")), ErrorView), "admins only"
    before = await club.schedule(2)
    cancelled = await club.run("/vote cancel")
    assert isinstance(cancelled, Notice), cancelled
    assert cancelled.text == "The vote for Wed 9 Dec 2026, 18:00 UTC is called off."
    assert "1 ballot will not be counted." in cancelled.details
    assert isinstance(await club.run("/vote", ctx("bo")), ErrorView)
    assert await club.schedule(2) == before
    async with club.db.uow() as uow:
        (poll,) = club.db.store.polls.values()
        assert poll.status == PollStatus.CANCELLED and poll.winner_paper_id is None
        found = await uow.clubs.get(CLUB)
        assert found is not None
        entries = await uow.outbox.entries(found.id)
    assert not [e for e in entries if e.kind == PostKind.VOTE_CLOSED and e.status == "pending"]
    # A new vote can open for the same session.
    reopened = await club.run("/vote open")
    assert (
        isinstance(reopened, PollView)
        and reopened.heading == "Vote for the paper of Wed 9 Dec 2026"
    )


async def test_the_scheduler_closing_an_empty_vote_keeps_the_queue_and_says_so() -> None:
    club = await announced_club()
    opened = await club.run("/vote open")
    assert isinstance(opened, PollView)
    await run_until(club.clock, club.wakeups, opened.closes_at)
    (closed,) = [d.message.view for d in club.poster.sent if d.message.kind == PostKind.VOTE_CLOSED]
    assert isinstance(closed, ResultsView)
    assert closed.winner is None and closed.outcome and "Nobody voted" in closed.outcome


async def test_skipping_an_announced_session_asks_first_and_posts_one_correction() -> None:
    club = await announced_club()
    (announced,) = club.announced()
    asked = await club.run("/club skip 2026-12-02")
    assert isinstance(asked, ErrorView), asked
    assert "already announced" in asked.message and announced.title in asked.message
    assert asked.hint and "/club skip 2026-12-02 confirm" in asked.hint
    assert (await club.schedule(1))[0][1] == announced.title, "nothing changed yet"
    done = await club.run("/club skip 2026-12-02 confirm")
    assert isinstance(done, Notice), done
    assert "A correction went to the channel." in done.details
    await club.wakeups.tick()
    await club.wakeups.tick()
    (correction,) = club.corrections()
    assert correction.text == "📣 Change of plan: there is no session on Wed 2 Dec 2026, 18:00 UTC."
    assert any(announced.title in line and "Wed 9 Dec" in line for line in correction.details)
    # The announced paper is read a week later, not dropped.
    skipped, next_week = await club.schedule(2)
    assert skipped[1] is None and next_week[0].startswith("Wed 9 Dec")
    assert next_week[1] == announced.title


async def test_rescheduling_an_announced_session_posts_a_correction() -> None:
    club = await announced_club()
    moved = await club.run("/club reschedule 2026-12-02 2026-12-03 19:00")
    assert isinstance(moved, Notice), moved
    assert moved.details == ("It was announced, so a correction went to the channel.",)
    await club.wakeups.tick()
    (correction,) = club.corrections()
    assert "moves to Thu 3 Dec 2026, 19:00 UTC" in correction.text


async def test_a_vote_setting_changed_while_a_vote_is_open_says_whether_it_applies() -> None:
    club = await announced_club()
    assert isinstance(await club.run("/vote open"), PollView)
    method = await club.run("/club set voting_method irv")
    assert isinstance(method, Notice)
    assert method.details == (
        "The open vote is still counted by plurality; the next one uses irv.",
    )
    hidden = await club.run("/club set anonymous on")
    assert isinstance(hidden, Notice)
    assert hidden.details == ("The open vote is anonymous from now on too.",)
    shown = await club.run("/vote", ctx("bo"))
    assert isinstance(shown, PollView) and shown.anonymous
    public = await club.run("/club set anonymous off")
    assert isinstance(public, Notice)
    assert public.details == (
        "The open vote stays anonymous, as it was opened; the next one is not.",
    )
    shown = await club.run("/vote", ctx("bo"))
    assert isinstance(shown, PollView) and shown.anonymous, "a promise of anonymity is kept"


async def test_a_paused_club_says_why_no_vote_opens() -> None:
    club = await announced_club()
    assert isinstance(await club.run("/club pause"), Notice)
    refused = await club.run("/vote open")
    assert isinstance(refused, ErrorView)
    # Before: "There is no upcoming session left to vote for."
    assert refused.message == "The club is paused, so there is no session to vote for."


async def test_a_paused_club_refuses_rsvps_with_the_reason() -> None:
    club = await announced_club()
    assert isinstance(await club.run("/club pause"), Notice)
    # Wed 2 Dec was announced, so its paper is fixed and the session row stays while paused.
    refused = await club.run("/rsvp going 2026-12-02", ctx("bo"))
    assert isinstance(refused, ErrorView), refused
    assert refused.message.startswith("The club is paused")
    assert isinstance(await club.run("/club resume"), Notice)
    assert isinstance(await club.run("/rsvp going 2026-12-02", ctx("bo")), Notice)


async def test_the_same_ballot_line_after_a_new_vote_opens_counts_in_the_new_one() -> None:
    """A line read before is not re-read (the catalog keeps it), but what it means is decided
    when it runs: after the vote is called off and another opens, `/vote 1` goes to the new."""
    club = await announced_club()
    assert isinstance(await club.run("/vote open"), PollView)
    assert isinstance(await club.run("/vote 1", ctx("bo")), Notice)
    assert isinstance(await club.run("/vote cancel"), Notice)
    refused = await club.run("/vote 1", ctx("bo"))
    assert isinstance(refused, ErrorView) and refused.message == "No vote is open right now."
    assert isinstance(await club.run("/vote open"), PollView)
    again = await club.run("/vote 1", ctx("bo"))
    assert isinstance(again, Notice), again
    old, new = sorted(club.db.store.polls)
    counted = {pid for pid, member in club.db.store.ballots if member.user_id == "bo"}
    assert counted == {old, new}
    assert club.db.store.polls[new].status == PollStatus.OPEN


async def test_a_ballot_is_answered_in_the_language_the_club_has_when_it_is_cast() -> None:
    """A ballot's answer takes the club's language from the ballot's own read of the club: a
    change of language is heard by the next ballot, and nothing leaks to the next command."""
    club = await announced_club()
    assert isinstance(await club.run("/vote open"), PollView)
    bo = ctx("bo")
    said = await club.dispatcher.run_text("/vote 1", bo)
    assert isinstance(said.view, Notice) and said.language == "en"
    assert isinstance(await club.run("/club set language ko"), Notice)
    said = await club.dispatcher.run_text("/vote 2", bo)
    assert isinstance(said.view, Notice) and said.language == "ko"
    assert isinstance(await club.run("/club set language en"), Notice)
    said = await club.dispatcher.run_text("/vote 1", bo)
    assert isinstance(said.view, Notice) and said.language == "en"
