"""The calendar feed use case on in-memory fakes: which club a token opens, and when none."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.clock import ManualClock
from bot.core.commands.context import Context, Deps
from bot.core.commands.dispatch import Dispatcher
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.usecases import calendar_feed
from tests.core.fakes import make_paper, seeded_deps
from tests.core.test_club_commands import START

CLUB = ClubKey(Platform.CONSOLE, "w", "feed")
ADMIN = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "ada"), "Ada", True), "feed")


async def _with_token(clock: ManualClock) -> tuple[Deps, str]:
    deps, _ = await seeded_deps(clock, [make_paper(n) for n in range(1, 4)])
    dispatcher = Dispatcher(deps)
    await dispatcher.run_text("/club setup wed 18:00 UTC", ADMIN)
    await dispatcher.run_text("/club calendar", ADMIN)
    async with deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
    assert club is not None and club.calendar_token
    return deps, club.calendar_token


async def test_a_token_opens_its_club_and_its_upcoming_sessions() -> None:
    deps, token = await _with_token(ManualClock(START))
    found = await calendar_feed.by_token(token, deps.store)
    assert found is not None and found.club.key == CLUB
    assert found.sessions and all(s.session.starts_at > START for s in found.sessions)
    assert len(found.sessions) <= calendar_feed.MAX_EVENTS
    assert await calendar_feed.by_token(token[:-1], deps.store) is None
    assert (await calendar_feed.by_club(CLUB, deps.store)) == found


async def test_a_revoked_token_opens_nothing() -> None:
    deps, token = await _with_token(ManualClock(START))
    await Dispatcher(deps).run_text("/club calendar revoke", ADMIN)
    assert await calendar_feed.by_token(token, deps.store) is None


class _Untouchable:
    def __call__(self) -> object:
        raise AssertionError("a text that is no token needs no database")


@pytest.mark.parametrize("text", ["", "short", "a" * 129, "../../etc/passwd", "tok en" * 5])
async def test_text_that_is_no_token_is_answered_without_storage(text: str) -> None:
    deps, _ = await _with_token(ManualClock(START))
    untouchable = replace(deps.store, uow=_Untouchable(), reader=_Untouchable())
    assert await calendar_feed.by_token(text, untouchable) is None


@given(st.text(max_size=200))
async def test_any_text_is_a_club_or_none(text: str) -> None:
    deps, token = await _with_token(ManualClock(START))
    found = await calendar_feed.by_token(text, deps.store)
    assert found is None or text == token
