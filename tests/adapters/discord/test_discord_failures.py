"""Whatever fails while answering a Discord interaction, the member gets a private answer and the
failure is logged once. The real discord.py client against the fake Discord."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from discord_support import EPHEMERAL, run, setup_club, slash_for, text_of

from bot.adapters.discord.client import build_client
from bot.adapters.shared.failures import UNANSWERED
from bot.bootstrap import Services
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from paperclub_fakes.discord_client_harness import running_client
from paperclub_fakes.discord_fake import APP_ID, GUILD_ID, OWNER_ID, TEXT_CHANNEL_ID, FakeDiscord

OWNER = Context(
    ClubKey(Platform.DISCORD, str(GUILD_ID), str(TEXT_CHANNEL_ID)),
    Actor(MemberKey(Platform.DISCORD, str(GUILD_ID), str(OWNER_ID)), "Owner", True),
)
ORIGINAL = rf"/webhooks/{APP_ID}/[^/]+/messages/@original"


def failures_logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.fixture
async def deferring(services: Services, fake: FakeDiscord) -> AsyncIterator[Any]:
    """A client that defers every interaction at once, so every answer is a follow-up."""
    client = build_client(services, defer_after=0)
    async with running_client(client, fake):
        await client.paperclub.sync_commands()
        yield client


async def test_a_command_whose_answer_fails_after_the_defer_is_answered_privately(
    deferring: Any, fake: FakeDiscord, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    await services.dispatcher.run_text("/club setup", OWNER)
    fake.fail("PATCH", ORIGINAL, status=400, code=50035, message="Invalid Form Body")
    payload = slash_for(fake, "schedule")
    await fake.send_interaction(payload)
    deferred = await fake.wait_for_callback(payload)
    assert deferred.json["type"] == 5  # "thinking…", public like the schedule
    apology = await fake.wait_for_request("POST", rf"/webhooks/{APP_ID}/[^/]+")
    assert apology.json["flags"] & EPHEMERAL
    assert UNANSWERED in text_of(apology.json)
    # The public placeholder was taken away rather than left "thinking" for ever.
    assert fake.find_requests("DELETE", ORIGINAL)
    assert len(failures_logged(caplog)) == 1


async def test_a_click_whose_answer_is_refused_is_answered_privately(
    bot: Any, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    await setup_club(fake)
    # Discord refuses the first answer to the click (an embed it will not take, say).
    fake.fail("POST", r"/interactions/\d+/[^/]+/callback", status=400, code=50035)
    payload = fake.button("pc:/schedule 3")
    apology = await run(fake, payload)  # the accepted answer: the first one was refused
    refused = fake.find_requests("POST", rf"/interactions/{payload['id']}/[^/]+/callback")
    assert [r.status for r in refused] == [400, apology.status]
    assert apology.json["data"]["flags"] & EPHEMERAL
    assert UNANSWERED in text_of(apology.json["data"])
    assert len(failures_logged(caplog)) == 1
