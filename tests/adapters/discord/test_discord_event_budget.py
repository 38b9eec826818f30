"""A guild holds at most 100 scheduled or active events, its people's included (issue 15): the
bot stays within a budget across its clubs, leaves room for the server's own events, and says
in the log what it left out, instead of Discord refusing the 101st and the outbox retrying."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import discord
import pytest
from discord_support import setup_club, text_of
from test_discord_events import DAYS, EVENTS
from test_discord_voting import CLUB

from bot.adapters.discord import events
from bot.adapters.discord.poster import DiscordPoster
from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.domain.ids import Platform
from bot.core.domain.outbox import OutboxStatus, PostKind
from bot.core.planning.eventplan import MIRROR_SESSIONS
from bot.scheduling.delivery import DeliveryConfig
from bot.scheduling.wakeups import Wakeups
from paperclub_fakes.discord_fake import GUILD_ID, FakeDiscord


async def people_events(bot: Any, clock: ManualClock, count: int) -> None:
    """Events the server's people made (no paperclub reference), through the real client."""
    guild = await bot.fetch_guild(GUILD_ID)
    start = clock.now() + timedelta(days=30)
    for n in range(count):
        await guild.create_scheduled_event(
            name=f"Game night {n}",
            start_time=start + timedelta(hours=n),
            end_time=start + timedelta(hours=n, minutes=30),
            location="Somewhere",
            entity_type=discord.EntityType.external,
            privacy_level=discord.PrivacyLevel.guild_only,
        )


async def club_with_tick(
    fake: FakeDiscord, services: Services, bot: Any, clock: ManualClock
) -> Wakeups:
    weekday = (clock.now() + timedelta(days=2)).weekday()
    await setup_club(fake, (DAYS[weekday], "18:00", "UTC"))
    poster = DiscordPoster(bot, services.deps.clock)
    return Wakeups(services.deps, {Platform.DISCORD: poster}, DeliveryConfig())


def mine(fake: FakeDiscord) -> list[dict[str, Any]]:
    return [
        e for e in fake.scheduled_events.values() if "paperclub ref" in (e["description"] or "")
    ]


async def test_a_full_server_gets_no_101st_event_and_the_log_says_so(
    bot: Any,
    fake: FakeDiscord,
    services: Services,
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.adapters.discord.events")
    await people_events(bot, clock, 98)
    wakeups = await club_with_tick(fake, services, bot, clock)
    await wakeups.tick()
    # Two fit (98 + 2 = 100); the other sessions get none, and nothing was refused or retried.
    assert len(mine(fake)) == 2 < MIRROR_SESSIONS
    assert all(r.status == 200 for r in fake.find_requests("POST", EVENTS))
    full = [r for r in caplog.records if "event list is full" in r.getMessage()]
    assert len(full) == MIRROR_SESSIONS - 2
    assert {r.server_events for r in full} == {100}  # type: ignore[attr-defined]
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
        assert club is not None
        rows = [e for e in await uow.outbox.entries(club.id) if e.kind == PostKind.EVENT]
    # Every session's row is done with (none waits to retry a refusal).
    assert len(rows) == MIRROR_SESSIONS
    assert {(e.status, e.last_error) for e in rows} == {(OutboxStatus.SENT, None)}


async def test_the_bot_keeps_within_its_budget_across_clubs(
    bot: Any,
    fake: FakeDiscord,
    services: Services,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The budget is 90 of 100 (room for the server's people); three stand for it here.
    assert events.BUDGET == 90
    monkeypatch.setattr(events, "BUDGET", 3)
    wakeups = await club_with_tick(fake, services, bot, clock)
    await wakeups.tick()
    assert len(mine(fake)) == 3
    assert len(fake.scheduled_events) == 3


async def test_the_fake_refuses_the_101st_event(
    bot: Any, fake: FakeDiscord, clock: ManualClock
) -> None:
    await people_events(bot, clock, 100)
    with pytest.raises(discord.HTTPException) as refused:
        await people_events(bot, clock, 1)
    assert refused.value.status == 400 and refused.value.code == 30038


async def test_setup_says_when_the_server_has_no_room_for_the_clubs_events(
    bot: Any, fake: FakeDiscord, clock: ManualClock
) -> None:
    await people_events(bot, clock, 98)
    said = text_of(await setup_club(fake))
    assert "Missing here: room for Scheduled Events" in said
    assert "this server has 98 of the 100 Discord allows" in said
    assert "only 2 sessions more will show" in said


async def test_setup_is_quiet_about_events_when_there_is_room(
    bot: Any, fake: FakeDiscord, clock: ManualClock
) -> None:
    await people_events(bot, clock, 50)
    assert "Scheduled Events" not in text_of(await setup_club(fake))
