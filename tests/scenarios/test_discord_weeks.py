"""The three weeks on Discord: the real discord.py client, its slash commands and its poster,
against FakeDiscord; what members see is the text of the messages and embeds Discord was given
(session times as the <t:…> stamps Discord's client renders)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import pytest

from bot.adapters.discord.client import build_client
from bot.adapters.discord.poster import DiscordPoster
from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.domain.ids import Platform
from bot.scheduling.wakeups import Wakeups
from paperclub_fakes.discord_client_harness import running_client
from paperclub_fakes.discord_fake import MEMBER_USER, OWNER_USER, FakeDiscord
from tests.adapters.discord.discord_support import run, slash_for, text_of
from tests.scenarios.recording import Noting
from tests.scenarios.seeing import Post
from tests.scenarios.weeks import play
from tests.scheduling.harness import run_until
from tests.waiting import HANG


class DiscordClub:
    def __init__(self, fake: FakeDiscord, bot: Any, services: Services, titles: list[str]) -> None:
        self.fake, self.clock, self.titles = fake, services.deps.clock, titles
        self.noting = Noting(DiscordPoster(bot, services.deps.clock), self._message)
        self.wakeups = Wakeups(services.deps, {Platform.DISCORD: self.noting})

    def _message(self, message_id: str) -> str:
        return text_of(self.fake.messages[int(message_id)])

    async def say(
        self, name: str, options: dict[str, object] | None = None, *, admin: bool = False
    ) -> str:
        user = OWNER_USER if admin else MEMBER_USER
        callback = await run(self.fake, slash_for(self.fake, name, options or None, user=user))
        return text_of(callback.json["data"])

    async def until(self, when: datetime) -> None:
        await run_until(self.clock, self.wakeups, when)

    def posts(self) -> list[Post]:
        return self.noting.posts()


@pytest.fixture
async def fake(clock: ManualClock) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(now=clock.now, interaction_timeout=None) as running_fake:
        yield running_fake


async def test_three_weeks_on_discord(
    services: Services, clock: ManualClock, fake: FakeDiscord
) -> None:
    async with services.deps.uow() as uow:
        titles = [p.title for p in await uow.papers.all()]
    client = build_client(services, defer_after=HANG)
    async with running_client(client, fake):
        await client.paperclub.sync_commands()
        await play(DiscordClub(fake, client, services, titles))
