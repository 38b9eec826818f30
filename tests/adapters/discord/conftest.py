"""The real paperclub Discord client, on the real database, against the fake Discord."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.adapters.discord.client import PaperclubClient, ShardedPaperclubClient, build_client
from bot.bootstrap import Services
from bot.core.clock import ManualClock
from paperclub_fakes.discord_client_harness import running_client
from paperclub_fakes.discord_fake import FakeDiscord
from tests.waiting import HANG

Client = PaperclubClient | ShardedPaperclubClient


@pytest.fixture
async def fake(clock: ManualClock) -> AsyncIterator[FakeDiscord]:
    # The fake Discord keeps the test's time, as the real one keeps the real time. Its 3-second
    # answer deadline is a wall-clock budget a loaded machine cannot promise: the fake's own
    # tests hold it, and the adapter's defer path is tested with defer_after=0.
    async with FakeDiscord(now=clock.now, interaction_timeout=None) as f:
        yield f


@pytest.fixture
async def bot(services: Services, fake: FakeDiscord) -> AsyncIterator[Client]:
    # Answers come at once, never deferred because the machine is slow (see `fake`).
    client = build_client(services, defer_after=HANG)
    async with running_client(client, fake):
        await client.paperclub.sync_commands()
        yield client
