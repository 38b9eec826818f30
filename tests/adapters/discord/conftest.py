"""The real paperclub Discord client, on the real database, against the fake Discord."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.adapters.discord.client import PaperclubClient, ShardedPaperclubClient, build_client
from bot.bootstrap import Services
from bot.core.clock import ManualClock
from tests.fakes.discord_client_harness import running_client
from tests.fakes.discord_fake import FakeDiscord

Client = PaperclubClient | ShardedPaperclubClient


@pytest.fixture
async def fake(clock: ManualClock) -> AsyncIterator[FakeDiscord]:
    # The fake Discord keeps the test's time, as the real one keeps the real time.
    async with FakeDiscord(now=clock.now) as f:
        yield f


@pytest.fixture
async def bot(services: Services, fake: FakeDiscord) -> AsyncIterator[Client]:
    client = build_client(services)
    async with running_client(client, fake):
        await client.paperclub.sync_commands()
        yield client
