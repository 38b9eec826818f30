"""Managing the queue by the numbers /papers shows, suggestions reviewed, and /papers paged
and searched across everything the club has: on in-memory fakes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.commands.dispatch import Dispatcher
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.outbox import OutboxEntry, OutboxStatus, PostKind
from bot.core.views import (
    ErrorView,
    HelpView,
    Notice,
    PaperCard,
    PaperList,
    ScheduleView,
    View,
)
from bot.i18n import say, speaking
from tests.core.fakes import FakeDatabase, make_paper, seeded_deps

CLUB = ClubKey(Platform.CONSOLE, "w", "c")
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday; sessions Wednesdays 18:00 UTC
FIRST = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
KAISER = make_paper(
    3,
    "Attention Is All You Need",
    authors=("Ashish Vaswani", "Łukasz Kaiser", "Illia Polosukhin"),
)
PAPERS = [make_paper(n) for n in range(1, 3)] + [KAISER] + [make_paper(n) for n in range(4, 31)]


def ctx(name: str, admin: bool = False) -> Context:
    return Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", name), name.title(), admin), "c")


ADMIN, BO, CY = ctx("ada", admin=True), ctx("bo"), ctx("cy")
README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


async def make_bot(clock: ManualClock) -> tuple[Dispatcher, FakeDatabase]:
    deps, db = await seeded_deps(clock, PAPERS, ClubSettings(announce_before_minutes=24 * 60))
    dispatcher = Dispatcher(deps)
    assert isinstance((await dispatcher.run_text("/club setup", ADMIN)).view, Notice)
    return dispatcher, db


async def run(dispatcher: Dispatcher, line: str, who: Context = ADMIN) -> View:
    return (await dispatcher.run_text(line, who)).view


async def listing(dispatcher: Dispatcher, line: str = "/papers", who: Context = BO) -> PaperList:
    view = await run(dispatcher, line, who)
    assert isinstance(view, PaperList), view
    return view


def titles(view: PaperList) -> list[str]:
    return [item.title for item in view.items]


async def test_papers_pages_past_25(clock: ManualClock) -> None:
    dispatcher, _ = await make_bot(clock)
    first = await listing(dispatcher)
    assert [i.position for i in first.items] == list(range(1, 26)) and first.total == 30
    assert first.note is not None and "/papers page 2" in first.note
    second = await listing(dispatcher, "/papers page 2")
    assert [i.position for i in second.items] == list(range(26, 31))
    assert second.items[0].title == "Paper number 26"
    beyond = await run(dispatcher, "/papers page 3", BO)
    assert isinstance(beyond, ErrorView) and "2 pages" in beyond.message


async def test_search_finds_accented_authors_and_read_papers(clock: ManualClock) -> None:
    dispatcher, _ = await make_bot(clock)
    for query in ("kaiser", "lukasz", "Łukasz", "LUKASZ KAISER"):
        found = await listing(dispatcher, f"/papers {query}")
        assert titles(found) == ["Attention Is All You Need"], query
    # Once read (it was the paper of the third session), a search still finds it, marked so.
    clock.set(FIRST + timedelta(weeks=2, hours=2))
    await run(dispatcher, "/schedule", BO)  # any command that plans settles the past sessions
    found = await listing(dispatcher, "/papers kaiser")
    assert [(i.title, i.state, i.position) for i in found.items] == [
        ("Attention Is All You Need", "read", None)
    ]
    # The queue itself lists only what waits, in its order, from 1.
    queue = await listing(dispatcher)
    assert queue.items[0].title == "Paper number 4" and queue.items[0].position == 1


async def test_remove_move_and_pin_by_the_shown_numbers(clock: ManualClock) -> None:
    dispatcher, _ = await make_bot(clock)
    denied = await run(dispatcher, "/papers remove 2", BO)
    assert isinstance(denied, ErrorView) and "admin" in denied.message
    removed = await run(dispatcher, "/papers remove 2")
    assert isinstance(removed, Notice) and "Removed “Paper number 2”" in removed.text
    assert titles(await listing(dispatcher))[:3] == [
        "Paper number 1",
        "Attention Is All You Need",
        "Paper number 4",
    ]
    moved = await run(dispatcher, "/papers move 5 top")
    assert isinstance(moved, Notice) and "Paper number 6” to number 1" in moved.text
    moved = await run(dispatcher, "/papers move 1 3")
    assert isinstance(moved, Notice) and "to number 3" in moved.text
    assert titles(await listing(dispatcher))[:4] == [
        "Paper number 1",
        "Attention Is All You Need",
        "Paper number 6",
        "Paper number 4",
    ]
    missing = await run(dispatcher, "/papers remove 99")
    assert isinstance(missing, ErrorView) and "numbered 1 to 29" in missing.message
    pinned = await run(dispatcher, "/papers pin 4 2026-12-09")
    assert isinstance(pinned, Notice) and pinned.text.startswith("Pinned “Paper number 4”")
    schedule = await run(dispatcher, "/schedule 3", BO)
    assert isinstance(schedule, ScheduleView)
    assert [e.paper_title for e in schedule.entries] == [
        "Paper number 1",
        "Attention Is All You Need",
        "Paper number 4",
    ]
    assert "Paper number 4" not in titles(await listing(dispatcher))


async def test_read_and_unread(clock: ManualClock) -> None:
    dispatcher, _ = await make_bot(clock)
    marked = await run(dispatcher, "/papers read 1")
    assert isinstance(marked, Notice) and "Marked “Paper number 1” as read" in marked.text
    card = await run(dispatcher, "/paper", BO)
    assert isinstance(card, PaperCard) and card.title == "Paper number 2"
    back = await run(dispatcher, "/papers unread paper number 1")
    assert isinstance(back, Notice) and "at number 30" in back.text
    assert titles(await listing(dispatcher, "/papers page 2"))[-1] == "Paper number 1"
    nothing = await run(dispatcher, "/papers unread zebra")
    assert isinstance(nothing, ErrorView) and "read no paper" in nothing.message


async def test_an_announced_session_keeps_its_paper(clock: ManualClock) -> None:
    dispatcher, db = await make_bot(clock)
    await listing(dispatcher)
    first = min(db.store.sessions.values(), key=lambda s: s.starts_at)
    # The first session's announcement went out: members were told "Paper number 1".
    db.store.outbox[999] = OutboxEntry(
        999,
        f"club:{first.club_id}:session:{first.id}:announcement",
        first.club_id,
        first.id,
        PostKind.ANNOUNCEMENT,
        FIRST - timedelta(days=1),
        OutboxStatus.SENT,
    )
    clock.set(FIRST - timedelta(hours=12))
    refused = await run(dispatcher, "/papers remove 1")
    assert isinstance(refused, ErrorView) and "already announced" in refused.message
    moved = await run(dispatcher, "/papers move 3 top")
    assert isinstance(moved, Notice) and moved.details == (
        "Announced, so they keep their paper: Wed 25 Nov 2026, 18:00 UTC.",
    )
    card = await run(dispatcher, "/paper", BO)
    assert isinstance(card, PaperCard) and card.title == "Paper number 1"
    assert titles(await listing(dispatcher))[:2] == ["Attention Is All You Need", "Paper number 2"]


async def test_members_withdraw_theirs_and_see_why_one_was_turned_down(
    clock: ManualClock,
) -> None:
    dispatcher, db = await make_bot(clock)
    async with db.uow() as uow:  # two shipped papers not in this club's list, to suggest
        club = await uow.clubs.get(CLUB)
        assert club is not None
        for entry in await uow.queue.entries(club.id):
            if entry.paper.slug in ("paper-4", "paper-5"):
                assert await uow.queue.remove(club.id, entry.paper.id)
        await uow.commit()
    for slug in ("paper-4", "paper-5"):
        said = await run(dispatcher, f"/suggest {slug}", BO)
        assert isinstance(said, Notice) and "Bo suggested" in said.text, said
    queue = await listing(dispatcher, "/papers page 2")
    numbers = {i.title: i.position for i in queue.items}
    four, five = numbers["Paper number 4"], numbers["Paper number 5"]
    mine = await listing(dispatcher, "/papers mine", BO)
    assert [(i.title, i.state, i.position) for i in mine.items] == [
        ("Paper number 4", "suggested", four),
        ("Paper number 5", "suggested", five),
    ]
    not_yours = await run(dispatcher, f"/papers withdraw {four}", CY)
    assert isinstance(not_yours, ErrorView) and "not your suggestion" in not_yours.message
    no_reason = await run(dispatcher, f"/papers reject {five}")
    assert isinstance(no_reason, ErrorView)
    rejected = await run(dispatcher, f"/papers reject {five} we read it last spring")
    assert isinstance(rejected, Notice) and "Turned down “Paper number 5”" in rejected.text
    withdrawn = await run(dispatcher, f"/papers withdraw {four}", BO)
    assert isinstance(withdrawn, Notice) and "withdrew" in withdrawn.text
    mine = await listing(dispatcher, "/papers mine", BO)
    assert [(i.title, i.state, i.note) for i in mine.items] == [
        ("Paper number 5", "rejected", "turned down: we read it last spring")
    ]
    again = await run(dispatcher, "/suggest paper-5", BO)
    assert (
        isinstance(again, Notice)
        and "An admin turned it down: we read it last spring." in again.text
    )


async def test_papers_move_says_everywhere_that_it_takes_top_bottom_up_and_down(
    clock: ManualClock,
) -> None:
    """/papers move 3 up works in chat (the management page's buttons use it); /help, the
    usage a wrong word gets, the option's description and the README say so too."""
    dispatcher, _db = await make_bot(clock)
    before = titles(await listing(dispatcher))
    up = await run(dispatcher, "/papers move 3 up")
    assert isinstance(up, Notice) and f"{before[2]}” to number 2" in up.text
    down = await run(dispatcher, "/papers move 1 down")
    assert isinstance(down, Notice) and f"{before[0]}” to number 2" in down.text
    shown = (await dispatcher.run_text("/help", ADMIN)).view
    assert isinstance(shown, HelpView)
    (entry,) = [e for e in shown.entries if e.usage.startswith("/papers move")]
    wrong = await run(dispatcher, "/papers move 2 sideways")
    assert isinstance(wrong, ErrorView)
    spec = dispatcher.catalog.named("papers move")
    assert spec is not None
    (to,) = [o for o in spec.options if o.name == "to"]
    (row,) = [line for line in README.splitlines() if "`/papers move" in line]
    for told in (entry.usage, say(entry.summary), wrong.message, to.description, row):
        for word in ("top", "bottom", "up", "down"):
            assert re.search(rf"\b{word}\b", told), (word, told)
    with speaking("ko"):
        assert "한 칸 위" in say(entry.summary) and "한 칸 위" in say(wrong.message)


async def test_pinning_to_a_skipped_week_says_it_was_skipped(clock: ManualClock) -> None:
    """The management page's pin form takes a session's date or number: a skipped one is told
    as skipped, not as "not an upcoming session" (it is upcoming, only there is none)."""
    dispatcher, _db = await make_bot(clock)
    skipped = await run(dispatcher, "/club skip 2026-12-09")
    assert isinstance(skipped, Notice), skipped
    refused = await run(dispatcher, "/papers pin 4 2026-12-09")
    assert isinstance(refused, ErrorView)
    assert "it was skipped" in refused.message and "not an upcoming" not in refused.message
    past = await run(dispatcher, "/papers pin 4 2026-11-18")
    assert isinstance(past, ErrorView), past
