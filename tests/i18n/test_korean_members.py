"""What members and admins of a Korean club are answered when they suggest, vote, swap, RSVP,
edit the queue or regenerate a paper, happy path and mistakes alike: every reply rendered on
the console, Discord and Slack carries no English sentence (issue 17).

The week test beside this one walks the common path; this one makes the mistakes members make
(a paper suggested twice, a malformed link, a number that names no paper, an admin command
from a member, a ballot after the vote closed, a swap with nobody to swap with) and asks for
what admins rarely do (regenerate, reset, pin, reject), each answered in Korean.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.bootstrap import Services, build_services
from bot.core.clock import ManualClock
from bot.core.views import PaperList, Reply
from bot.settings import ClubDefaults, Settings
from paperclub_fakes.paper_apis import FakeArxiv, FakeCrossref, FakePaper
from tests.i18n.test_korean_week import Club, Heard, assert_korean, english_runs

NEW_PAPER = FakePaper(
    "Sparse Mixtures of Experts for Tiny Reading Groups", 2025, ("Minji Kim",), "2501.00001"
)
OTHER_PAPER = FakePaper(
    "Retrieval Helps Small Clubs Read More", 2025, ("Jisoo Park",), "2501.00002"
)
# What members typed and the fake arXiv's papers: their own text, not the bot's.
TYPED = ["Don't Stop Pretraining Adapt Language Models", NEW_PAPER.title, OTHER_PAPER.title]
# What a usage's placeholders say in English; in a Korean club's /help they are Korean words.
ENGLISH_PLACEHOLDERS = re.compile(
    r"\b(?:DATE|PAPER|SESSION|MEMBER|REASON|TEXT|SETTING|VALUE|NUMBER|NEW_DATE|NEW_TIME)\b"
    r"|\[(?:command|id or title|search|count|weekday|time|zone|session|papers…)\]|title>"
)


@pytest.fixture
async def korean_lookups(
    database_url: str, clock: ManualClock, arxiv: FakeArxiv, crossref: FakeCrossref
) -> AsyncIterator[Services]:
    arxiv.add(NEW_PAPER, OTHER_PAPER)
    defaults = ClubDefaults(language="ko", timezone="Asia/Seoul", voting_method="irv")
    settings = Settings(
        database_url=database_url,
        paper_text=False,
        club_defaults=defaults,
        arxiv_api_url=arxiv.url,
        crossref_api_url=crossref.url,
        lookup_contact="club-admin@example.org",
    )
    built = await build_services(settings, clock=clock, run_migrations=False, load_papers=False)
    try:
        yield built
    finally:
        await built.close()


async def _members_and_mistakes(services: Services, clock: ManualClock) -> Heard:
    heard = Heard()
    club = Club(services, heard)
    await club.console.ensure_club()
    await club.say("/club setup wed 19:00 Asia/Seoul")
    await club.say("/club setup fri 25:00 Mars/Olympus")

    # Suggestions: a known title, a new link, the same twice, too long, hidden characters, an
    # unknown title, nothing at all.
    await club.run(
        ("bob", "/suggest Attention Is All You Need"),
        ("bob", "/suggest https://arxiv.org/abs/2501.00001"),
        ("carol", "/suggest https://arxiv.org/abs/2501.00001"),
        ("bob", "/suggest https://arxiv.org/abs/2501.00001"),
        ("carol", "/suggest arXiv:2501.00002"),
        ("bob", "/suggest Don't Stop Pretraining Adapt Language Models"),
        ("bob", "/suggest https://arxiv.org/abs/9999.99999"),
        ("bob", "/suggest https://arxiv.org/abs/not-a-paper"),
        ("bob", "/suggest"),
        ("bob", "/suggest " + "x" * 600),
        ("bob", "/suggest Attention\u202e Is All"),
        ("bob", "/papers mine"),
        ("alice", "/papers mine"),
        ("bob", "/papers"),
    )

    # The queue: an admin's edits and a member trying them; numbers that name no paper.
    await club.run(
        ("alice", "/papers remove 1"),
        "/papers remove 99",
        "/papers move 3 top",
        "/papers move 3 99",
        "/papers move 99 1",
        "/papers pin 2 2026-12-09",
        "/papers pin 2 2031-01-01",
        "/papers pin 99 2026-12-09",
        "/papers read 4",
        "/papers read 99",
        "/papers unread bert",
        "/papers unread zzzqqq",
        "/papers unread bert",
        ("carol", "/papers withdraw 1"),
        ("bob", "/papers withdraw 99"),
    )
    await club.say(f"/papers withdraw {_number(await club.say('/papers mine', 'carol'))}", "carol")
    await club.say("/papers reject 1 주제와 달라요")
    await club.say("/papers reject 99 no")
    bobs = _number(await club.say("/papers mine", "bob"))
    await club.say(f"/papers reject {bobs} 이번 학기 주제와 달라요", "alice")
    await club.say(f"/papers reject {bobs} 이번 학기 주제와 달라요")
    await club.say(f"/papers reject {bobs} again")
    await club.say("/papers mine", "bob")

    # A paper's own text for this club: regenerate and reset, a member asking, no such paper.
    await club.run(
        "/paper regenerate attention",
        "/paper regenerate zzzqqq",
        ("alice", "/paper regenerate attention"),
        "/paper reset attention",
        "/paper edit attention prompts " + " | ".join(f"질문 {n}?" for n in range(9)),
        "/paper edit attention prompts " + "긴 질문 " * 120,
        "/paper edit attention prompts |",
        "/paper edit attention prompts 무엇이 새로운가? | 무엇이 빠졌나?",
        "/paper reset attention",
        "/paper reset zzzqqq",
    )

    # Presenters: a swap with nobody presenting, with oneself, an unknown member assigned.
    await club.run(
        ("carol", "/present swap 2"),
        ("alice", "/present"),
        ("alice", "/present swap 1"),
        ("alice", "/present swap 2"),
        ("bob", "/present 2"),
        ("alice", "/present swap 2"),
        ("carol", "/present 2"),
        ("carol", "/present 99"),
        "/present assign 3 nobody",
        ("bob", "/present assign 3 carol"),
        "/present assign 3 @",
        "/present assign 3 carol",
        "/present clear 3",
        "/help present",
    )

    # RSVPs and reminders, right and wrong.
    await club.run(
        ("alice", "/rsvp going"),
        ("bob", "/rsvp maybe 2"),
        ("bob", "/rsvp going 99"),
        ("bob", "/rsvp perhaps"),
        "/rsvp list",
        "/rsvp list 2",
        "/rsvp list 99",
        ("alice", "/remind on 2h"),
        ("alice", "/remind on soon"),
        ("alice", "/remind maybe"),
        ("alice", "/remind off"),
    )

    # The schedule, its history and stats, with counts that are too many or name nobody.
    await club.run(
        "/schedule",
        "/schedule 99",
        "/schedule past",
        "/schedule past 999",
        "/stats",
        "/stats club",
        "/stats nobody",
        "/club show",
        "/help papers",
        "/help",
    )

    # A vote: none open yet, opened twice, ballots right and wrong, settings changed under it,
    # closed, then ballots and withdrawals after it closed.
    await club.run(
        ("alice", "/vote"),
        ("alice", "/vote withdraw"),
        "/vote results",
        ("alice", "/vote open 1 2 3"),
        "/vote open 1 99",
        "/vote open 1 2 3",
        "/vote open 1 2",
        ("alice", "/vote 1 2"),
        ("bob", "/vote rank 2"),
        ("bob", "/vote rank 1"),
        ("carol", "/vote 9"),
        ("carol", "/vote withdraw"),
        ("alice", "/vote withdraw"),
        ("alice", "/vote 2 1"),
        "/club set voting_method plurality",
        "/club set anonymous on",
        "/club set candidates 5",
        "/club set anonymous off",
        "/club set native_poll on",
        "/club set cadence 6",
        "/club set native_poll off",
        "/club set native_poll on",
        "/club set cadence 1",
        "/club set vote maybe",
        "/club set announce_before soon",
        "/club set candidates 99",
        "/club set session_length x",
        "/vote close",
        ("carol", "/vote 1"),
        ("alice", "/vote withdraw"),
        "/vote results",
        "/vote close",
    )

    # The club paused and resumed (twice each), the calendar link revoked with none and renewed.
    await club.run(
        "/club pause",
        "/club pause",
        "/club resume",
        "/club resume",
        "/club calendar revoke",
        "/club calendar",
        "/club calendar revoke",
    )
    clock.advance(timedelta(days=8))
    await club.say("/schedule past")
    await club.say("/stats", "alice")
    return heard


def _number(reply: Reply) -> int:
    """The queue number of the one suggestion a member's /papers mine lists."""
    assert isinstance(reply.view, PaperList) and reply.view.items, reply.view
    number = reply.view.items[0].position
    assert number is not None
    return number


def _shown(heard: Heard, what: str) -> list[tuple[str, str]]:
    return [(p, text) for p, texts in heard.texts.items() for w, text in texts if w == what]


def _not_typed(text: str) -> str:
    for typed in TYPED:
        text = text.replace(typed, " ¦ ")
    return text


async def test_korean_members_and_their_mistakes_read_no_english(
    korean_lookups: Services, clock: ManualClock
) -> None:
    heard = await _members_and_mistakes(korean_lookups, clock)
    assert_korean(heard, lambda text: english_runs(_not_typed(text)))
    # /help's usages name what to fill in in Korean: DATE, SESSION, [count]… are words.
    for platform, text in _shown(heard, "you: /help"):
        assert not ENGLISH_PLACEHOLDERS.search(text), (platform, text)
        assert "/papers pin N 날짜" in text and "/paper edit 논문 summary|prompts 내용" in text
    # A turned-down suggestion says so in Korean, with the admin's reason.
    for platform, texts in heard.texts.items():
        last = [text for what, text in texts if what == "bob: /papers mine"][-1]
        assert "rejected" not in last and "거절" in last, (platform, last)
