"""A stopping bot answers the interactions under way before it closes its Discord client: the
Discord platform as `paperclub run` runs it (attached, served until `stop`), on the fake."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import AsyncIterator, Iterator

import discord.gateway
import discord.http
import pytest
from discord_support import slash_for, text_of
from pydantic import SecretStr

from bot.adapters.discord import runner
from bot.adapters.discord.poster import DiscordPoster
from bot.bootstrap import Services
from paperclub_fakes.discord_fake import OWNER_USER, FakeDiscord
from tests.waiting import HANG

EVENTS = r"/guilds/\d+/scheduled-events"


@pytest.fixture
def endpoints() -> Iterator[None]:
    """The runner points discord.py at the configured endpoints (class attributes): put back."""
    saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    yield
    discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved


@pytest.fixture
async def serving(
    services: Services, fake: FakeDiscord, endpoints: None
) -> AsyncIterator[tuple[asyncio.Event, asyncio.Task[None], discord.Client]]:
    settings = services.settings.model_copy(
        update={
            "discord_token": SecretStr(fake.token),
            "discord_api_base_url": fake.api_base,
            "discord_gateway_url": fake.gateway_url,
        }
    )
    attached = runner.attach(dataclasses.replace(services, settings=settings))
    assert isinstance(attached.poster, DiscordPoster)
    client = attached.poster.client
    stop = asyncio.Event()
    task = asyncio.create_task(attached.serve(stop))
    await fake.wait_ready()
    await fake.wait_for_request("PUT", r"/applications/\d+/commands")  # commands synced
    try:
        yield stop, task, client
    finally:
        stop.set()
        await asyncio.wait_for(task, HANG)


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_command_under_way_when_the_bot_stops_still_answers_its_member(
    serving: tuple[asyncio.Event, asyncio.Task[None], discord.Client],
    fake: FakeDiscord,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """/club setup asks Discord how many events the server holds before it answers; the bot
    is told to stop while it waits. Closing the client then would leave the member with
    nothing ("Session is closed" when the answer is sent)."""
    stop, task, client = serving
    release = fake.hold("GET", EVENTS)  # Discord is slow to say
    payload = slash_for(fake, "club setup", {"weekday": "wed", "time": "18:00"}, user=OWNER_USER)
    await fake.send_interaction(payload)
    await fake.wait_held()
    stop.set()  # SIGTERM while the command is under way
    await asyncio.sleep(0.05)  # not a budget: only gives a premature close the chance to run
    release.set()
    answer = await fake.wait_for_callback(payload)
    await asyncio.wait_for(task, HANG)
    assert answer.status < 300 and "set up" in text_of(answer.json["data"])
    assert client.is_closed()
    assert errors(caplog) == [], "the member's answer was cut off by the shutdown"


async def test_the_drain_is_bounded_a_stuck_answer_does_not_keep_the_bot_up(
    serving: tuple[asyncio.Event, asyncio.Task[None], discord.Client],
    fake: FakeDiscord,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stop, task, client = serving
    monkeypatch.setattr(runner, "DRAIN_GRACE", 0.05)
    release = fake.hold("GET", EVENTS)  # Discord never answers
    options = {"weekday": "wed", "time": "18:00"}
    await fake.send_interaction(slash_for(fake, "club setup", options, user=OWNER_USER))
    await fake.wait_held()
    stop.set()
    try:
        await asyncio.wait_for(task, HANG)  # returns after the grace, the answer cancelled
        assert client.is_closed()
    finally:
        release.set()
