"""A Discord Scheduled Event per session, and "interested" members as RSVP-maybe.

The event's description ends with a reference line naming the club channel and the session, so
the event is found again (to update, cancel, or map an "interested" click) without storing
Discord ids in the database. The scheduler syncs them from the outbox
(bot/core/planning/eventplan.py) through `DiscordPoster.mirror_session`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import discord

from bot.adapters.discord.embeds import clip
from bot.adapters.discord.limits import (
    EVENT_DESCRIPTION,
    EVENT_LOCATION,
    EVENT_NAME,
    GUILD_EVENTS,
)
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.mirrors import MirrorStatus, SessionMirror
from bot.core.usecases.rsvp_answers import INTERESTED, AnswerRsvp
from bot.i18n import say, speaking

if TYPE_CHECKING:  # the bridge imports the setup check, which counts events here
    from bot.adapters.discord.bridge import Bridge

log = logging.getLogger(__name__)

NAME = EVENT_NAME
DESCRIPTION = EVENT_DESCRIPTION
LOCATION = EVENT_LOCATION
# A guild holds at most 100 scheduled or active events, its people's included (Discord answers
# 30038 past that). Across all the clubs of a guild the bot fills at most BUDGET of them, so
# the server's own events always have room; a session past the budget gets no event, says so
# in the log, and gets one when a later change of the session finds room.
ROOM_FOR_PEOPLE = 10
BUDGET = GUILD_EVENTS - ROOM_FOR_PEOPLE
FULL = 30038  # Discord's "Maximum number of guild scheduled events reached (100)"
_REF = re.compile(r"paperclub ref (\d+)/(\d+)\s*$")
_LIVE = (discord.EventStatus.scheduled, discord.EventStatus.active)


def reference(club: ClubKey, session_id: int) -> str:
    return f"paperclub ref {club.channel_id}/{session_id}"


def parse_reference(description: str | None) -> tuple[str, int] | None:
    """(channel id, session id) from an event this bot created, else None."""
    found = _REF.search(description or "")
    return (found[1], int(found[2])) if found else None


async def _guild(client: discord.Client, club: ClubKey) -> discord.Guild:
    guild_id = int(club.workspace_id)
    return client.get_guild(guild_id) or await client.fetch_guild(guild_id)


async def find_scheduled_event(
    client: discord.Client, club: ClubKey, session_id: int
) -> discord.ScheduledEvent | None:
    guild = await _guild(client, club)
    # Fetched, not cached: the cache misses events made before this process started.
    return _find(await guild.fetch_scheduled_events(), club, session_id)


def _find(
    events: list[discord.ScheduledEvent], club: ClubKey, session_id: int
) -> discord.ScheduledEvent | None:
    wanted = reference(club, session_id)
    found = [event for event in events if (event.description or "").rstrip().endswith(wanted)]
    # A cancelled event may still be listed beside the live one made after it.
    live = [event for event in found if event.status in _LIVE]
    return next(iter(live or found), None)


def room_left(events: Sequence[discord.ScheduledEvent]) -> tuple[int, int]:
    """(how many more events the bot may make in this guild, the guild's live events)."""
    live = [event for event in events if event.status in _LIVE]
    mine = [event for event in live if parse_reference(event.description) is not None]
    return max(0, min(BUDGET - len(mine), GUILD_EVENTS - len(live))), len(live)


def _fields(guild: discord.Guild, club: ClubKey, mirror: SessionMirror) -> dict[str, Any]:
    channel = guild.get_channel(int(club.channel_id))
    place = f"#{channel.name}" if channel is not None else mirror.club_name
    ref = reference(club, mirror.session_id)
    # The entry's own sentences in the club's language; a paper's title and summary as they are.
    with speaking(mirror.language):
        title, about = say(mirror.title), say(mirror.description)
    description = (clip(about, DESCRIPTION - len(ref) - 2) + "\n\n" if about else "") + ref
    return {
        "name": clip(f"{mirror.club_name}: {title}", NAME),
        "description": description,
        "start_time": mirror.starts_at,
        "end_time": mirror.ends_at,
        "location": clip(place, LOCATION),
        "entity_type": discord.EntityType.external,
        "privacy_level": discord.PrivacyLevel.guild_only,
    }


def _shows(event: discord.ScheduledEvent, fields: dict[str, Any]) -> bool:
    """The event already says all this: a resync after a crash sends nothing."""
    shown = (event.name, event.description or "", event.start_time, event.end_time)
    wanted = tuple(fields[f] for f in ("name", "description", "start_time", "end_time"))
    return shown == wanted and event.location == str(fields["location"])


async def sync_scheduled_event(
    client: discord.Client, club: ClubKey, mirror: SessionMirror
) -> discord.ScheduledEvent | None:
    """Create the session's event, or bring it up to date (time, paper), or cancel it when the
    session is skipped. Returns the event (None when there is nothing to show on Discord).

    Whether a session that already started still gets one is the core's call
    (`post_fate.decide` cancels such rows first, on the club clock); a start passing in between
    is refused by Discord, and the retry is then cancelled."""
    guild = await _guild(client, club)
    events = await guild.fetch_scheduled_events()
    existing = _find(events, club, mirror.session_id)
    if mirror.status == MirrorStatus.SKIPPED:
        if existing is not None and existing.status == discord.EventStatus.scheduled:
            return await existing.cancel()
        return existing
    if mirror.status != MirrorStatus.PLANNED:
        return existing
    fields = _fields(guild, club, mirror)
    if existing is not None and existing.status in _LIVE:
        return existing if _shows(existing, fields) else await existing.edit(**fields)
    room, live = room_left(events)
    if room == 0:
        _no_room(club, mirror, live)
        return None
    try:
        return await guild.create_scheduled_event(**fields)
    except discord.HTTPException as exc:
        if exc.code != FULL:  # the server's people filled it meanwhile: as above, not a retry
            raise
        _no_room(club, mirror, GUILD_EVENTS)
        return None


def _no_room(club: ClubKey, mirror: SessionMirror, live: int) -> None:
    log.warning(
        "no scheduled event for this session: the server's event list is full",
        extra={
            "channel": club.channel_id,
            "session": mirror.session_id,
            "server_events": live,
            "budget": BUDGET,
            "discord_limit": GUILD_EVENTS,
        },
    )


async def remove_scheduled_event(client: discord.Client, club: ClubKey, session_id: int) -> bool:
    """Delete the event of a session that no longer exists (e.g. re-planned away)."""
    event = await find_scheduled_event(client, club, session_id)
    if event is None:
        return False
    await event.delete()
    return True


def _rsvp_context(guild_id: int, channel_id: str, user: discord.abc.User) -> Context:
    member = MemberKey(Platform.DISCORD, str(guild_id), str(user.id))
    club = ClubKey(Platform.DISCORD, str(guild_id), channel_id)
    return Context(club, Actor(member, user.display_name, False))


async def on_interested(
    bridge: Bridge, event: discord.ScheduledEvent, user: discord.abc.User
) -> None:
    """A member marked the session's event "interested": that is an RSVP of maybe."""
    found = parse_reference(event.description)
    if found is None:
        return
    channel_id, session_id = found
    ctx = _rsvp_context(event.guild_id, channel_id, user)
    reply = await bridge.dispatcher.run(AnswerRsvp(INTERESTED, session_id), ctx)
    log.info("interested → rsvp maybe", extra={"session": session_id, "ok": not reply.private})
