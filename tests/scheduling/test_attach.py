"""Platforms are registered by name and attached before the scheduler starts, so its very first
tick delivers to them (before, the runners filled a shared dict after the scheduler had started,
and the scheduler yielded once hoping they had)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import pytest

from bot.bootstrap import Services
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.errors import PaperclubError
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.outbox import VIEW, PlannedPost, PostKind
from bot.core.ports import Outgoing
from bot.core.views import Notice
from bot.platforms import PLATFORMS, runner_for
from bot.scheduling import viewcodec, wakeups
from tests.waiting import HANG

CLUB = ClubKey(Platform.CONSOLE, "w", "c")


@dataclass
class WaitingPoster:
    sent: list[str] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def post(self, message: Outgoing) -> str:
        self.sent.append(message.key)
        self.arrived.set()
        return message.key

    async def find_posted(self, message: Outgoing) -> str | None:
        return None


async def test_the_first_tick_delivers_to_platforms_attached_before_it(services: Services) -> None:
    now = services.deps.clock.now()
    async with services.deps.uow() as uow:
        club = await uow.clubs.add(CLUB, "Club", ClubSettings(paused=True), now)
        post = PlannedPost("due:1", club.id, None, PostKind.NOTICE, now, now)
        await uow.outbox.add(post, now, {VIEW: viewcodec.encode(Notice("Due now"))})
        await uow.commit()
    # The safety poll is an hour away: only the first tick can deliver within the test.
    services.settings.scheduler_poll_seconds = 3600
    poster = WaitingPoster()
    stop = asyncio.Event()
    task = asyncio.create_task(wakeups.serve(services, {Platform.CONSOLE: poster}, stop))
    try:
        await asyncio.wait_for(poster.arrived.wait(), timeout=HANG)
    finally:
        stop.set()
        await task
    assert poster.sent == ["due:1"]


def test_every_platform_is_registered_by_name() -> None:
    assert {name: runner_for(name).platform for name in PLATFORMS} == {
        "console": Platform.CONSOLE,
        "discord": Platform.DISCORD,
        "slack": Platform.SLACK,
    }
    with pytest.raises(PaperclubError, match="no platform called 'teams'"):
        runner_for("teams")
