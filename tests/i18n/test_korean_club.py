"""A Korean club gets a Korean bot: through the console, with the real dispatcher, database and
scheduled posts (issue 17). Before, `/club set language ko` changed only the summaries, `fr`
was taken silently, dates read "Wed 2 Dec 2026", and Hangul overflowed 80 columns."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.adapters.console.app import ConsoleClub
from bot.adapters.console.render import WIDTH
from bot.adapters.console.wrap import fill, width
from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.domain.ids import Platform
from bot.demo import DemoPoster
from bot.scheduling.wakeups import Wakeups, config_from

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture
async def console(services: Services) -> ConsoleClub:
    club = ConsoleClub(services.dispatcher, club_name="서울 논문 클럽")
    assert await club.ensure_club() is not None
    return club


async def say(console: ConsoleClub, line: str) -> str:
    answer = await console.handle_line(line)
    assert answer is not None
    return answer


async def test_only_languages_with_a_catalog_are_taken(console: ConsoleClub) -> None:
    refused = await say(console, "/club set language fr")
    assert "'fr' has no translation yet" in refused
    assert "one of en, ko" in refused
    assert "Every Wednesday" in await say(console, "/schedule 1")  # still English


async def test_a_week_of_a_korean_club(
    console: ConsoleClub, services: Services, clock: ManualClock
) -> None:
    answer = await say(console, "/club set language ko")
    assert "language" in answer
    schedule = await say(console, "/schedule 2")
    assert "매주 수요일 18:00 (UTC)" in schedule
    assert "2026년 11월 25일 (수) 오후 6:00 UTC" in schedule
    card = await say(console, "/paper")
    assert "── 다음 논문 ──" in card
    assert "토론 질문:" in card
    assert "Discussion prompts" not in card
    assert all(width(line) <= 80 for line in card.splitlines())

    out = io.StringIO()
    poster = DemoPoster(clock, "UTC", out)
    wakeups = Wakeups(services.deps, {Platform.CONSOLE: poster}, config_from(services.settings))
    end = clock.now() + timedelta(days=7)
    for _ in range(60):
        await wakeups.tick()
        wake = wakeups.next_wake
        if wake is None or wake > end:
            break
        clock.set(max(wake, clock.now()))
    posted = out.getvalue()
    kinds = {message.kind for message in poster.posted}
    assert {"announcement", "reminder", "start"} <= kinds, posted
    assert "⏰ 알림: 2026년 11월 25일 (수) 오후 6:00 UTC에" in posted
    assert "참석 여부를 알려 주세요." in posted
    assert "🟢 지금 시작합니다:" in posted
    assert "다음 모임: 2026년 11월 25일 (수) 오후 6:00 UTC" in posted
    for english in ("Reminder", "Starting now", "Next session", "Let us know"):
        assert english not in posted


@given(
    st.lists(
        st.sampled_from(["논문", "트랜스포머를", "a", "attention", "🧪", "가" * 50]), max_size=60
    )
)
def test_console_lines_fit_the_terminal_whatever_the_script(words: list[str]) -> None:
    text = " ".join(words)
    wrapped = fill(text, WIDTH, initial_indent="   ", subsequent_indent="   ")
    assert all(width(line) <= WIDTH for line in wrapped.splitlines())
    assert "".join(wrapped.split()) == "".join(text.split())
