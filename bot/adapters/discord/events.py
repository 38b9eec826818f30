"""A Discord Scheduled Event per session, and "interested" members as RSVP-maybe.

The event's description ends with a reference line naming the club channel and the session, so
the event is found again (to update, cancel, or map an "interested" click) without storing
Discord ids in the database.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from bot.adapters.discord.bridge import Bridge
from bot.adapters.discord.embeds import clip
from bot.core.context import Context
from bot.core.domain.clubs import Club
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.sessions import Session, SessionStatus

log = logging.getLogger(__name__)

NAME = 100
DESCRIPTION = 1000
LOCATION = 100
_REF = re.compile(r"paperclub ref (\d+)/(\d+)\s*$")


def reference(club: Club, session_id: int) -> str:
    return f"paperclub ref {club.key.channel_id}/{session_id}"


def parse_reference(description: str | None) -> tuple[str, int] | None:
    """(channel id, session id) from an event this bot created, else None."""
    found = _REF.search(description or "")
    return (found[1], int(found[2])) if found else None


async def _guild(client: discord.Client, club: Club) -> discord.Guild:
    guild_id = int(club.key.workspace_id)
    return client.get_guild(guild_id) or await client.fetch_guild(guild_id)


async def find_scheduled_event(
    client: discord.Client, club: Club, session_id: int
) -> discord.ScheduledEvent | None:
    guild = await _guild(client, club)
    wanted = reference(club, session_id)
    # Fetched, not cached: the cache misses events made before this process started.
    for event in await guild.fetch_scheduled_events():
        if (event.description or "").rstrip().endswith(wanted):
            return event
    return None


async def sync_scheduled_event(
    client: discord.Client,
    club: Club,
    session: Session,
    paper_title: str | None,
    *,
    about: str = "",
) -> discord.ScheduledEvent | None:
    """Create the session's event, or bring it up to date (time, paper), or cancel it when the
    session is skipped. Returns the event (None when there is nothing to show on Discord)."""
    existing = await find_scheduled_event(client, club, session.id)
    if session.status == SessionStatus.SKIPPED:
        if existing is not None and existing.status == discord.EventStatus.scheduled:
            return await existing.cancel()
        return existing
    if session.status != SessionStatus.PLANNED:
        return existing
    guild = await _guild(client, club)
    channel = guild.get_channel(int(club.key.channel_id))
    place = f"#{channel.name}" if channel is not None else club.name
    name = clip(f"{club.name}: {paper_title or 'paper to be decided'}", NAME)
    ref = reference(club, session.id)
    description = (clip(about, DESCRIPTION - len(ref) - 2) + "\n\n" if about else "") + ref
    fields: dict[str, Any] = {
        "name": name,
        "description": description,
        "start_time": session.starts_at,
        "end_time": session.ends_at,
        "location": clip(place, LOCATION),
        "entity_type": discord.EntityType.external,
        "privacy_level": discord.PrivacyLevel.guild_only,
    }
    if existing is not None:
        return await existing.edit(**fields)
    if session.starts_at <= discord.utils.utcnow():
        return None  # Discord refuses events in the past; nothing to announce any more.
    return await guild.create_scheduled_event(**fields)


async def remove_scheduled_event(client: discord.Client, club: Club, session_id: int) -> bool:
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


def _has_command(bridge: Bridge, name: str) -> bool:
    return any(spec.name == name for spec in bridge.dispatcher.catalog.specs)


async def on_interested(
    bridge: Bridge, event: discord.ScheduledEvent, user: discord.abc.User
) -> None:
    """A member marked the session's event "interested": that is an RSVP of maybe."""
    found = parse_reference(event.description)
    if found is None or not _has_command(bridge, "rsvp"):
        return
    channel_id, session_id = found
    ctx = _rsvp_context(event.guild_id, channel_id, user)
    reply = await bridge.dispatcher.run_text(f"/rsvp interested {session_id}", ctx)
    log.info("interested → rsvp maybe", extra={"session": session_id, "ok": not reply.private})
