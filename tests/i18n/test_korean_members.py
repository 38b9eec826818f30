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
from tests.i18n.test_korean_week import HANGUL, Club, Heard, english_runs

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
    await club.say("/suggest Attention Is All You Need", "bob")
    await club.say("/suggest https://arxiv.org/abs/2501.00001", "bob")
    await club.say("/suggest https://arxiv.org/abs/2501.00001", "carol")
    await club.say("/suggest https://arxiv.org/abs/2501.00001", "bob")
    await club.say("/suggest arXiv:2501.00002", "carol")
    await club.say("/suggest Don't Stop Pretraining Adapt Language Models", "bob")
    await club.say("/suggest https://arxiv.org/abs/9999.99999", "bob")
    await club.say("/suggest https://arxiv.org/abs/not-a-paper", "bob")
    await club.say("/suggest", "bob")
    await club.say("/suggest " + "x" * 600, "bob")
    await club.say("/suggest Attention\u202e Is All", "bob")
    await club.say("/papers mine", "bob")
    await club.say("/papers mine", "alice")
    await club.say("/papers", "bob")

    # The queue: an admin's edits and a member trying them; numbers that name no paper.
    await club.say("/papers remove 1", "alice")
    await club.say("/papers remove 99")
    await club.say("/papers move 3 top")
    await club.say("/papers move 3 99")
    await club.say("/papers move 99 1")
    await club.say("/papers pin 2 2026-12-09")
    await club.say("/papers pin 2 2031-01-01")
    await club.say("/papers pin 99 2026-12-09")
    await club.say("/papers read 4")
    await club.say("/papers read 99")
    await club.say("/papers unread bert")
    await club.say("/papers unread zzzqqq")
    await club.say("/papers unread bert")
    await club.say("/papers withdraw 1", "carol")
    await club.say("/papers withdraw 99", "bob")
    await club.say(f"/papers withdraw {_number(await club.say('/papers mine', 'carol'))}", "carol")
    await club.say("/papers reject 1 주제와 달라요")
    await club.say("/papers reject 99 no")
    bobs = _number(await club.say("/papers mine", "bob"))
    await club.say(f"/papers reject {bobs} 이번 학기 주제와 달라요", "alice")
    await club.say(f"/papers reject {bobs} 이번 학기 주제와 달라요")
    await club.say(f"/papers reject {bobs} again")
    await club.say("/papers mine", "bob")

    # A paper's own text for this club: regenerate and reset, a member asking, no such paper.
    await club.say("/paper regenerate attention")
    await club.say("/paper regenerate zzzqqq")
    await club.say("/paper regenerate attention", "alice")
    await club.say("/paper reset attention")
    await club.say("/paper edit attention prompts " + " | ".join(f"질문 {n}?" for n in range(9)))
    await club.say("/paper edit attention prompts " + "긴 질문 " * 120)
    await club.say("/paper edit attention prompts |")
    await club.say("/paper edit attention prompts 무엇이 새로운가? | 무엇이 빠졌나?")
    await club.say("/paper reset attention")
    await club.say("/paper reset zzzqqq")

    # Presenters: a swap with nobody presenting, with oneself, an unknown member assigned.
    await club.say("/present swap 2", "carol")
    await club.say("/present", "alice")
    await club.say("/present swap 1", "alice")
    await club.say("/present swap 2", "alice")
    await club.say("/present 2", "bob")
    await club.say("/present swap 2", "alice")
    await club.say("/present 2", "carol")
    await club.say("/present 99", "carol")
    await club.say("/present assign 3 nobody")
    await club.say("/present assign 3 carol", "bob")
    await club.say("/present assign 3 @")
    await club.say("/present assign 3 carol")
    await club.say("/present clear 3")
    await club.say("/help present")

    # RSVPs and reminders, right and wrong.
    await club.say("/rsvp going", "alice")
    await club.say("/rsvp maybe 2", "bob")
    await club.say("/rsvp going 99", "bob")
    await club.say("/rsvp perhaps", "bob")
    await club.say("/rsvp list")
    await club.say("/rsvp list 2")
    await club.say("/rsvp list 99")
    await club.say("/remind on 2h", "alice")
    await club.say("/remind on soon", "alice")
    await club.say("/remind maybe", "alice")
    await club.say("/remind off", "alice")

    # The schedule, its history and stats, with counts that are too many or name nobody.
    for line in ("/schedule", "/schedule 99", "/schedule past", "/schedule past 999"):
        await club.say(line)
    for line in ("/stats", "/stats club", "/stats nobody", "/club show", "/help papers"):
        await club.say(line)
    await club.say("/help")

    # A vote: none open yet, opened twice, ballots right and wrong, settings changed under it,
    # closed, then ballots and withdrawals after it closed.
    await club.say("/vote", "alice")
    await club.say("/vote withdraw", "alice")
    await club.say("/vote results")
    await club.say("/vote open 1 2 3", "alice")
    await club.say("/vote open 1 99")
    await club.say("/vote open 1 2 3")
    await club.say("/vote open 1 2")
    await club.say("/vote 1 2", "alice")
    await club.say("/vote rank 2", "bob")
    await club.say("/vote rank 1", "bob")
    await club.say("/vote 9", "carol")
    await club.say("/vote withdraw", "carol")
    await club.say("/vote withdraw", "alice")
    await club.say("/vote 2 1", "alice")
    for setting in ("voting_method plurality", "anonymous on", "candidates 5", "anonymous off"):
        await club.say(f"/club set {setting}")
    for setting in (
        "native_poll on",
        "cadence 6",
        "native_poll off",
        "native_poll on",
        "cadence 1",
    ):
        await club.say(f"/club set {setting}")
    for setting in ("vote maybe", "announce_before soon", "candidates 99", "session_length x"):
        await club.say(f"/club set {setting}")
    await club.say("/vote close")
    await club.say("/vote 1", "carol")
    await club.say("/vote withdraw", "alice")
    await club.say("/vote results")
    await club.say("/vote close")

    # The club paused and resumed (twice each), the calendar link revoked with none and renewed.
    for line in ("/club pause", "/club pause", "/club resume", "/club resume"):
        await club.say(line)
    for line in ("/club calendar revoke", "/club calendar", "/club calendar revoke"):
        await club.say(line)
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
    english = [
        f"{platform} · {what} · {run!r}"
        for platform, texts in heard.texts.items()
        for what, text in texts
        for run in english_runs(_not_typed(text))
    ]
    if english:
        pytest.fail("English in a Korean club:\n" + "\n".join(english), pytrace=False)
    # /help's usages name what to fill in in Korean: DATE, SESSION, [count]… are words.
    for platform, text in _shown(heard, "you: /help"):
        assert not ENGLISH_PLACEHOLDERS.search(text), (platform, text)
        assert "/papers pin N 날짜" in text and "/paper edit 논문 summary|prompts 내용" in text
    # A turned-down suggestion says so in Korean, with the admin's reason.
    for platform, texts in heard.texts.items():
        last = [text for what, text in texts if what == "bob: /papers mine"][-1]
        assert "rejected" not in last and "거절" in last, (platform, last)
    silent = [
        (platform, what, text[:200])
        for platform, texts in heard.texts.items()
        for what, text in texts
        if not HANGUL.search(text)
    ]
    assert not silent, silent
