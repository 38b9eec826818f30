"""A click whose work outlasts the defer window: the timer's "thinking…" comes first, the
answer fills it in, the vote is stored once, and a failure after the placeholder is still
answered privately. The real discord.py client against the fake Discord."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from discord_support import EPHEMERAL, setup_club, text_of
from test_discord_voting import MEMBER, my_ballot, open_vote

from bot.adapters.shared.failures import UNANSWERED
from bot.bootstrap import Services
from bot.core.commands.context import Context
from bot.core.views import Reply
from paperclub_fakes.discord_fake import APP_ID, FakeDiscord
from tests.waiting import HANG

ORIGINAL = rf"/webhooks/{APP_ID}/[^/]+/messages/@original"
DEFER_AFTER = 0.05  # a timer that fires while the held work waits, never before the click


def held(
    services: Services, monkeypatch: pytest.MonkeyPatch, *, fail: bool = False
) -> asyncio.Event:
    """Hold every command line run through the dispatcher (typed, or a button's) until the
    returned event is set; then run it (or fail it, with `fail`)."""
    release = asyncio.Event()

    def slowed(run: Callable[[str, Context], Awaitable[Reply]]) -> Callable[..., Any]:
        async def slow(line: str, ctx: Context) -> Reply:
            await asyncio.wait_for(release.wait(), HANG)
            if fail:
                raise RuntimeError("the database went away")
            return await run(line, ctx)

        return slow

    for name in ("run_text", "run_button"):
        monkeypatch.setattr(services.dispatcher, name, slowed(getattr(services.dispatcher, name)))
    return release


async def test_a_slow_click_shows_thinking_then_its_answer_and_stores_one_vote(
    bot: Any, fake: FakeDiscord, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    await setup_club(fake)
    message_id, data = await open_vote(fake)
    poll_id = int(data["embeds"][0]["footer"]["text"].rsplit("#", 1)[1])
    bot.paperclub.bridge.defer_after = DEFER_AFTER
    release = held(services, monkeypatch)
    click = fake.button(f"pc:/vote cast #{poll_id} 2", message=message_id)
    await fake.send_interaction(click)
    deferred = await fake.wait_for_callback(click)
    assert deferred.json["type"] == 5  # "thinking…", only the member sees it
    assert deferred.json["data"]["flags"] & EPHEMERAL
    release.set()
    edit = await fake.wait_for_request("PATCH", ORIGINAL)
    assert "Your vote is in" in text_of(edit.json)
    assert await my_ballot(services, poll_id) == (2,)
    async with services.deps.uow() as uow:
        assert [b.member for b in await uow.polls.ballots(poll_id)] == [MEMBER]


async def test_a_slow_click_that_fails_after_thinking_is_answered_privately(
    bot: Any,
    fake: FakeDiscord,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await setup_club(fake)
    bot.paperclub.bridge.defer_after = DEFER_AFTER
    release = held(services, monkeypatch, fail=True)
    click = fake.button("pc:/schedule 3")
    await fake.send_interaction(click)
    deferred = await fake.wait_for_callback(click)
    assert deferred.json["type"] == 5
    release.set()
    apology = await fake.wait_for_request("POST", rf"/webhooks/{APP_ID}/[^/]+")
    assert apology.json["flags"] & EPHEMERAL
    assert UNANSWERED in text_of(apology.json)
    assert len([r for r in caplog.records if r.levelno >= logging.ERROR]) == 1


async def test_a_click_answered_too_late_is_not_answered_again(
    bot: Any, fake: FakeDiscord, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    """Past its 3 s Discord has forgotten the interaction: an apology through it would only be
    refused the same way (and in a backlog of clicks make the backlog longer)."""
    await setup_club(fake)
    callback = r"/interactions/\d+/[^/]+/callback"
    fake.fail("POST", callback, status=404, code=10062, message="Unknown interaction")
    click = fake.button("pc:/schedule 3")
    await fake.send_interaction(click)
    refused = await fake.wait_for_request("POST", callback)
    assert refused.status == 404
    await services.dispatcher.inflight.drain(HANG)  # the click's handler is done
    assert len(fake.find_requests("POST", rf"/interactions/{click['id']}/[^/]+/callback")) == 1
    assert not fake.find_requests("POST", rf"/webhooks/{APP_ID}/.+")
    (logged,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    # Said in one line: a backlog of late clicks must not also pay for a traceback each.
    assert logged.exc_info is None and "expired" in logged.getMessage()
