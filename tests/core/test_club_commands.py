"""The foundation commands, through the dispatcher, on in-memory fakes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.commands.dispatch import Dispatcher
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.views import (
    ClubView,
    ErrorView,
    HelpView,
    Notice,
    PaperCard,
    PaperList,
    ScheduleView,
)
from tests.core.fakes import FakeDatabase, make_paper, seeded_deps

CLUB = ClubKey(Platform.CONSOLE, "w", "c")
ADMIN = Context(
    CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "ada"), "Ada", is_admin=True), "reading"
)
MEMBER = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "bo"), "Bo"), "reading")
# Monday 23 Nov 2026, 09:00 UTC.
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

PAPERS = [
    make_paper(1, "Attention Is All You Need", tags=("transformers",), authors=("Vaswani",)),
    make_paper(2, "BERT: Pre-training of Deep Bidirectional Transformers", authors=("Devlin",)),
    make_paper(3, "Scaling Laws for Neural Language Models", tags=("scaling",)),
    make_paper(
        4, "Training Compute-Optimal Large Language Models", summaries={"ko": "친칠라 요약."}
    ),
]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
async def bot(clock: ManualClock) -> tuple[Dispatcher, FakeDatabase]:
    settings = ClubSettings(weekday=2, timezone="Europe/Berlin")
    deps, db = await seeded_deps(clock, PAPERS, settings)
    return Dispatcher(deps), db


async def setup(dispatcher: Dispatcher, line: str = "/club setup") -> Notice:
    reply = await dispatcher.run_text(line, ADMIN)
    assert isinstance(reply.view, Notice), reply.view
    return reply.view


async def test_setup_queues_the_shipped_list_and_plans_sessions(
    bot: tuple[Dispatcher, FakeDatabase],
) -> None:
    dispatcher, db = bot
    notice = await setup(dispatcher, "/club setup thu 19:30 Asia/Seoul")
    assert "Thursday at 19:30 (Asia/Seoul)" in notice.text
    assert "4 papers queued" in notice.details[0]
    assert len(db.store.sessions) >= 8


async def test_members_cannot_set_up_a_club(bot: tuple[Dispatcher, FakeDatabase]) -> None:
    dispatcher, db = bot
    reply = await dispatcher.run_text("/club setup", MEMBER)
    assert isinstance(reply.view, ErrorView)
    assert "admin" in reply.view.message
    assert reply.private
    assert not db.store.clubs


async def test_commands_before_setup_explain_what_to_do(
    bot: tuple[Dispatcher, FakeDatabase],
) -> None:
    dispatcher, _ = bot
    reply = await dispatcher.run_text("/paper", MEMBER)
    assert isinstance(reply.view, ErrorView)
    assert "/club setup" in (reply.view.hint or "")


async def test_paper_is_the_next_session_and_moves_on_after_it(
    bot: tuple[Dispatcher, FakeDatabase], clock: ManualClock
) -> None:
    dispatcher, _ = bot
    await setup(dispatcher)
    card = (await dispatcher.run_text("/paper", MEMBER)).view
    assert isinstance(card, PaperCard)
    assert card.title == "Attention Is All You Need"
    # Wednesday 25 Nov, 18:00 in Berlin (CET, UTC+1).
    assert card.session_at == datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    assert card.prompts and card.summary

    clock.set(datetime(2026, 11, 25, 17, 30, tzinfo=UTC))
    during = (await dispatcher.run_text("/paper", MEMBER)).view
    assert isinstance(during, PaperCard)
    assert during.title == "Attention Is All You Need"
    assert during.heading == "Now in session"

    clock.set(datetime(2026, 11, 25, 18, 30, tzinfo=UTC))
    after = (await dispatcher.run_text("/paper", MEMBER)).view
    assert isinstance(after, PaperCard)
    assert after.title.startswith("BERT")


async def test_schedule_lists_weekly_sessions_with_papers_in_order(
    bot: tuple[Dispatcher, FakeDatabase],
) -> None:
    dispatcher, _ = bot
    await setup(dispatcher)
    view = (await dispatcher.run_text("/schedule 6", MEMBER)).view
    assert isinstance(view, ScheduleView)
    assert len(view.entries) == 6
    starts = [e.starts_at for e in view.entries]
    assert all(b - a == timedelta(weeks=1) for a, b in pairwise(starts))
    assert [e.paper_title for e in view.entries[:4]] == [p.title for p in PAPERS]
    assert view.entries[4].paper_title is None  # the queue ran out
    assert all("18:00" in e.local_text for e in view.entries)


async def test_papers_search_matches_titles_authors_and_tags(
    bot: tuple[Dispatcher, FakeDatabase],
) -> None:
    dispatcher, _ = bot
    await setup(dispatcher)
    by_tag = (await dispatcher.run_text("/papers scaling", MEMBER)).view
    assert isinstance(by_tag, PaperList)
    assert [i.title for i in by_tag.items] == ["Scaling Laws for Neural Language Models"]
    by_author = (await dispatcher.run_text("/papers devlin", MEMBER)).view
    assert isinstance(by_author, PaperList)
    assert by_author.items[0].title.startswith("BERT")
    nothing = (await dispatcher.run_text("/papers zebra", MEMBER)).view
    assert isinstance(nothing, PaperList)
    assert not nothing.items and nothing.note


async def test_paper_by_title_and_korean_club_language(clock: ManualClock) -> None:
    deps, _ = await seeded_deps(clock, PAPERS, ClubSettings(language="ko"))
    dispatcher = Dispatcher(deps)
    await setup(dispatcher)
    korean = (await dispatcher.run_text('/paper "compute-optimal"', MEMBER)).view
    assert isinstance(korean, PaperCard)
    assert korean.summary == "친칠라 요약."
    english_fallback = (await dispatcher.run_text("/paper attention", MEMBER)).view
    assert isinstance(english_fallback, PaperCard)
    assert english_fallback.summary == "Summary of paper 1."


async def test_changing_the_rule_replans_future_sessions(
    bot: tuple[Dispatcher, FakeDatabase],
) -> None:
    dispatcher, _ = bot
    await setup(dispatcher)
    notice = await setup(dispatcher, "/club setup friday 07:00")
    assert "Friday at 07:00" in notice.text
    view = (await dispatcher.run_text("/schedule", MEMBER)).view
    assert isinstance(view, ScheduleView)
    assert all(e.local_text.startswith("Fri") for e in view.entries)
    assert view.entries[0].paper_title == "Attention Is All You Need"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/bogus", "I don't know the command /bogus"),
        ("/papres", "Did you mean /papers?"),
        (
            "/club explode",
            "/club takes one of: calendar, manage, page, pause, reschedule, resume, set",
        ),
        ("/schedule many", "Usage: /schedule"),
        ("/schedule ²", "Usage: /schedule"),  # a digit to str.isdigit(), not to int()
        ("/club setup someday", "I don't understand 'someday'"),
        ("/club setup Mars/Olympus", "Unknown time zone"),
        ('/paper "open quote', "unmatched quote"),
        ("/paper " + "x" * 100_000, "limited to 2,000"),
        ("   ", "Type a command"),
    ],
)
async def test_bad_input_gets_a_clear_private_error(
    bot: tuple[Dispatcher, FakeDatabase], line: str, expected: str
) -> None:
    dispatcher, _ = bot
    await setup(dispatcher)
    reply = await dispatcher.run_text(line, ADMIN)
    assert isinstance(reply.view, ErrorView)
    assert reply.private
    assert expected in reply.view.message + " " + (reply.view.hint or "")
    # The club goes on afterwards.
    assert isinstance((await dispatcher.run_text("/paper", MEMBER)).view, PaperCard)


async def test_help_hides_admin_commands_from_members(bot: tuple[Dispatcher, FakeDatabase]) -> None:
    dispatcher, _ = bot
    member_help = (await dispatcher.run_text("/help", MEMBER)).view
    admin_help = (await dispatcher.run_text("/help", ADMIN)).view
    assert isinstance(member_help, HelpView) and isinstance(admin_help, HelpView)
    assert not any(e.usage.startswith("/club") for e in member_help.entries)
    assert any(e.usage.startswith("/club setup") for e in admin_help.entries)


async def test_club_show_lists_settings_for_admins(bot: tuple[Dispatcher, FakeDatabase]) -> None:
    dispatcher, _ = bot
    await setup(dispatcher)
    view = (await dispatcher.run_text("/club show", ADMIN)).view
    assert isinstance(view, ClubView)
    assert ("Time zone (timezone)", "Europe/Berlin") in view.fields
    denied = (await dispatcher.run_text("/club show", MEMBER)).view
    assert isinstance(denied, ErrorView)


async def test_an_unexpected_failure_changes_nothing_and_says_so(
    bot: tuple[Dispatcher, FakeDatabase], monkeypatch: pytest.MonkeyPatch
) -> None:
    dispatcher, db = bot
    await setup(dispatcher)
    before = db.commits

    async def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("bot.core.planning.sessionplan.ensure_planned", broken)
    reply = await dispatcher.run_text("/schedule", MEMBER)
    assert isinstance(reply.view, ErrorView)
    assert "nothing was changed" in reply.view.message
    assert db.commits == before
