"""The scheduler keeps each session's Scheduled Event in step, through the outbox, against the
fake Discord with the real client: created once, moved, cancelled, and nothing repeated."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from discord_support import run, setup_club, slash_for

from bot.adapters.discord.events import parse_reference
from bot.adapters.discord.poster import DiscordPoster
from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.domain.ids import Platform
from bot.core.planning.eventplan import MIRROR_SESSIONS
from bot.scheduling.delivery import DeliveryConfig
from bot.scheduling.wakeups import Wakeups
from paperclub_fakes.discord_fake import GUILD_ID, OWNER_USER, FakeDiscord

EVENTS = rf"/guilds/{GUILD_ID}/scheduled-events(/\d+)?"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def by_session(fake: FakeDiscord) -> dict[int, dict[str, Any]]:
    found = {}
    for event in fake.scheduled_events.values():
        ref = parse_reference(event["description"])
        assert ref is not None, event
        found[ref[1]] = event
    return found


def starts(event: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(event["scheduled_start_time"])


async def admin(fake: FakeDiscord, name: str, **options: str) -> None:
    callback = await run(fake, slash_for(fake, name, options, user=OWNER_USER))
    assert "embeds" in callback.json["data"], callback.json


async def test_a_tick_creates_moves_and_cancels_the_sessions_events_once(
    bot: Any, fake: FakeDiscord, services: Services, clock: ManualClock
) -> None:
    # The fake Discord keeps the test clock, so "in the past" means the same to both.
    # Meeting two days from now: the first session is never about to start mid-test.
    weekday = (clock.now() + timedelta(days=2)).weekday()
    await setup_club(fake, (DAYS[weekday], "18:00", "UTC"))
    poster = DiscordPoster(bot, services.deps.clock)
    wakeups = Wakeups(services.deps, {Platform.DISCORD: poster}, DeliveryConfig())

    await wakeups.tick()
    assert len(fake.find_requests("POST", EVENTS)) == MIRROR_SESSIONS
    events = by_session(fake)
    order = sorted(events, key=lambda session_id: starts(events[session_id]))
    assert [starts(events[s]).weekday() for s in order] == [weekday] * MIRROR_SESSIONS
    assert all(event["status"] == 1 for event in events.values())

    # /club reschedule, then a tick: the event moves (no new one).
    second = starts(events[order[1]])
    moved = (second + timedelta(days=1)).replace(hour=19, minute=30)
    await admin(
        fake,
        "club reschedule",
        date=second.date().isoformat(),
        new_date=moved.date().isoformat(),
        new_time="19:30",
    )
    await wakeups.tick()
    assert starts(by_session(fake)[order[1]]) == moved
    assert len(fake.find_requests("POST", EVENTS)) == MIRROR_SESSIONS

    # /club skip, then a tick: the event is cancelled (the last in view: no paper moves on).
    await admin(fake, "club skip", date=starts(events[order[-1]]).date().isoformat())
    writes = len(fake.find_requests("PATCH", EVENTS))
    await wakeups.tick()
    assert by_session(fake)[order[-1]]["status"] == 4
    assert len(fake.find_requests("PATCH", EVENTS)) == writes + 1

    # Nothing changed since: a tick makes no call about events at all.
    calls = len(fake.find_requests(None, EVENTS))
    await wakeups.tick()
    assert len(fake.find_requests(None, EVENTS)) == calls
    assert len(fake.scheduled_events) == MIRROR_SESSIONS and not fake.deleted_scheduled_events
