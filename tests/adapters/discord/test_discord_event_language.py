"""A Korean club's Scheduled Events speak Korean (issue 17): a session whose paper is still open
was listed on Discord as "Seoul club: Paper to be decided", with an English description, in a
club whose every other word was Korean. Through the scheduler, the real discord.py client and
the fake Discord; a club that changes its language has its events said again in the new one."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from bot.adapters.discord.poster import DiscordPoster
from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.domain.ids import Platform
from bot.core.domain.papers import QueueState
from bot.scheduling.delivery import DeliveryConfig
from bot.scheduling.wakeups import Wakeups
from paperclub_fakes.discord_fake import FakeDiscord
from tests.adapters.discord.discord_support import setup_club
from tests.adapters.discord.test_discord_events import DAYS, by_session
from tests.adapters.discord.test_discord_member_language import club_set

HANGUL = re.compile(r"[\uac00-\ud7a3]")


async def _empty_queue(services: Services) -> None:
    """Every queued paper read: the coming sessions have no paper yet."""
    async with services.deps.uow() as uow:
        (club,) = await uow.clubs.all()
        for entry in await uow.queue.entries(club.id):
            await uow.queue.set_state(club.id, entry.paper.id, QueueState.READ)
        await uow.commit()


async def test_a_korean_clubs_undecided_sessions_are_korean_events(
    bot: Any, fake: FakeDiscord, services: Services, clock: ManualClock
) -> None:
    weekday = (clock.now() + timedelta(days=2)).weekday()
    await setup_club(fake, (DAYS[weekday], "18:00", "UTC"))
    await _empty_queue(services)
    wakeups = Wakeups(
        services.deps, {Platform.DISCORD: DiscordPoster(bot, services.deps.clock)}, DeliveryConfig()
    )
    await wakeups.tick()
    english = list(by_session(fake).values())
    assert english and all(e["name"].endswith(": Paper to be decided") for e in english), english
    assert all("suggest one with /suggest" in e["description"] for e in english)

    await club_set(fake, "language", "ko")
    await wakeups.tick()
    korean = list(by_session(fake).values())
    assert len(korean) == len(english)  # the same events, said again: none made twice
    for event in korean:
        title = event["name"].partition(": ")[2]
        assert HANGUL.search(title) and "decided" not in title, event["name"]
        about = event["description"].rsplit("\n\n", 1)[0]  # the reference line stays as it is
        assert HANGUL.search(about) and "suggest one" not in about, event["description"]
        assert "/suggest" in about
    # And nothing changed since: a tick writes no event again.
    calls = len(fake.find_requests(None, r"/guilds/\d+/scheduled-events"))
    await wakeups.tick()
    assert len(fake.find_requests(None, r"/guilds/\d+/scheduled-events")) == calls
