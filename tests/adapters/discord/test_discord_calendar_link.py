"""Issue 15, row 4: an announcement carries the club's calendar link (the README promises it;
the card had it and the Discord renderer dropped it), also when the card fills Discord's
embed budget."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from discord_support import run, setup_club, slash_for, text_of
from test_discord_limits import LARGEST, announcement

from bot.adapters.discord.limits import embed_problems
from bot.adapters.discord.poster import DiscordPoster, render_post
from bot.bootstrap import Services
from bot.core.domain.ids import Platform
from bot.core.domain.papers import QueueState
from bot.scheduling.delivery import DeliveryConfig
from bot.scheduling.wakeups import Wakeups
from bot.settings import Settings
from paperclub_fakes.discord_fake import OWNER_USER, TEXT_CHANNEL_ID, FakeDiscord
from tests.conftest import T0

BASE = "https://club.example"
FEED = f"{BASE}/calendar/"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"public_base_url": BASE})


def test_the_largest_card_keeps_its_calendar_link() -> None:
    url = FEED + "x" * 43 + ".ics"
    parts = render_post(announcement(replace(LARGEST, calendar_url=url)), T0)
    assert embed_problems([embed.to_dict() for embed in parts.embeds]) == []
    # A link button: outside the embeds' budget, so the fullest card still has it.
    assert parts.view is not None
    assert calendar_links(parts.view.to_components()) == [url]


def calendar_links(rows: list[dict[str, Any]]) -> list[str]:
    return [
        button["url"]
        for row in rows
        for button in row["components"]
        if button.get("style") == 5 and button.get("label") == "Add to calendar"
    ]


async def test_the_scheduled_announcement_shows_the_calendar_link(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    await setup_club(fake)
    await run(fake, slash_for(fake, "club calendar", user=OWNER_USER))
    async with services.deps.uow() as uow:
        (club,) = await uow.clubs.all()
    assert club.calendar_token
    wakeups = Wakeups(
        services.deps, {Platform.DISCORD: DiscordPoster(bot, services.deps.clock)}, DeliveryConfig()
    )
    await wakeups.tick()  # the first session is a day and a half away: announced now
    posts = fake.find_requests("POST", rf"/channels/{TEXT_CHANNEL_ID}/messages")
    (card,) = [p for p in posts if "Discussion prompts" in text_of(p.json)]
    assert calendar_links(card.json["components"]) == [f"{FEED}{club.calendar_token}.ics"]


async def test_an_announcement_without_a_paper_still_gives_the_link(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    await setup_club(fake)
    await run(fake, slash_for(fake, "club calendar", user=OWNER_USER))
    async with services.deps.uow() as uow:
        (club,) = await uow.clubs.all()
        for entry in await uow.queue.entries(club.id):
            await uow.queue.set_state(club.id, entry.paper.id, QueueState.READ)
        await uow.commit()
    wakeups = Wakeups(
        services.deps, {Platform.DISCORD: DiscordPoster(bot, services.deps.clock)}, DeliveryConfig()
    )
    await wakeups.tick()
    posts = fake.find_requests("POST", rf"/channels/{TEXT_CHANNEL_ID}/messages")
    (notice,) = [p for p in posts if "still to be decided" in text_of(p.json)]
    assert f"{FEED}{club.calendar_token}.ics" in text_of(notice.json)
