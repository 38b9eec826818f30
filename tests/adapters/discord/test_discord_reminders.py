"""Members' private reminders on Discord: through the real client and the outbox to the fake's
DM channels, once per session; a member Discord won't let the bot DM is given up, not retried."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from discord_support import run, setup_club, slash_for, text_of

from bot.adapters.discord.poster import DiscordPoster
from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.domain.ids import ClubKey, MemberKey, Platform
from bot.core.domain.outbox import PostKind
from bot.core.ports import Outgoing, Undeliverable
from bot.core.views import Notice
from bot.scheduling.delivery import DeliveryConfig
from bot.scheduling.wakeups import Wakeups
from paperclub_fakes.discord_fake import (
    GUILD_ID,
    MEMBER_ID,
    MEMBER_USER,
    OWNER_ID,
    OWNER_USER,
    TEXT_CHANNEL_ID,
    FakeDiscord,
    user,
)
from tests.scheduling.harness import run_until

CLUB = ClubKey(Platform.DISCORD, str(GUILD_ID), str(TEXT_CHANNEL_ID))


def dms_to(fake: FakeDiscord, user_id: int) -> list[dict[str, Any]]:
    channels = {
        str(cid)
        for cid, ch in fake.channels.items()
        if ch.get("type") == 1 and ch["recipients"][0]["id"] == str(user_id)
    }
    return [m for m in fake.messages.values() if m["channel_id"] in channels]


async def test_one_dm_per_session_and_none_after_not_going(
    bot: Any, fake: FakeDiscord, services: Services, clock: ManualClock
) -> None:
    await setup_club(fake)  # Wednesdays 18:00 UTC; it is Tue 24 Nov 2026, 09:00
    for who in (MEMBER_USER, OWNER_USER):
        await run(fake, slash_for(fake, "remind", {"switch": "on", "before": "1h"}, user=who))
        await run(fake, slash_for(fake, "rsvp", {"answer": "going"}, user=who))
    said = await run(fake, slash_for(fake, "rsvp", {"answer": "no"}, user=OWNER_USER))
    assert "not coming" in text_of(said.json["data"])
    wakeups = Wakeups(
        services.deps, {Platform.DISCORD: DiscordPoster(bot, clock)}, DeliveryConfig()
    )
    await run_until(clock, wakeups, datetime(2026, 11, 25, 19, 0, tzinfo=UTC))
    (dm,) = dms_to(fake, MEMBER_ID)
    shown = text_of(dm)
    assert "meets Wed 25 Nov 2026, 18:00 UTC" in shown and "You said you're going." in shown
    assert dm["components"] == []  # buttons in a DM would not know the club
    assert dms_to(fake, OWNER_ID) == []  # said "no"
    # A restart: a new worker on the same database sends nothing again.
    restarted = Wakeups(
        services.deps, {Platform.DISCORD: DiscordPoster(bot, clock)}, DeliveryConfig()
    )
    await run_until(clock, restarted, datetime(2026, 11, 26, 12, 0, tzinfo=UTC))
    assert len(dms_to(fake, MEMBER_ID)) == 1


@pytest.mark.parametrize("closed", [True, False], ids=["dms-closed", "no-shared-server"])
async def test_discord_refusing_a_dm_is_undeliverable(
    bot: Any, fake: FakeDiscord, services: Services, clock: ManualClock, closed: bool
) -> None:
    await setup_club(fake)
    stranger = 1_100_000_000_000_000_999
    if closed:
        fake.dms_closed.add(MEMBER_ID)
        target = MEMBER_ID
    else:
        fake.strangers[stranger] = user(stranger, "far", global_name="Far")
        target = stranger
    message = Outgoing(
        f"club:1:session:1:dm:{target}",
        CLUB,
        PostKind.DM_REMINDER,
        Notice("⏰ Reminder"),
        recipient=MemberKey(Platform.DISCORD, str(GUILD_ID), str(target)),
    )
    with pytest.raises(Undeliverable):
        await DiscordPoster(bot, clock).post(message)
    assert dms_to(fake, target) == []
