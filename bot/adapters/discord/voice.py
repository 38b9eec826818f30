"""Presence in a club's voice or stage channel during a session counts as a check-in.

The club chooses the channel (`/club set voice_channel <id>`); the core decides whether a session
is on and keeps one check-in per member and session, so every voice update may simply try.
"""

from __future__ import annotations

import logging

import discord

from bot.adapters.discord.bridge import Bridge
from bot.core.commands.context import Context
from bot.core.domain.clubs import Club
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.usecases.check_in import Attend
from bot.core.views import ErrorView

log = logging.getLogger(__name__)


async def clubs_for_voice(bridge: Bridge, guild_id: int, channel_id: int) -> list[Club]:
    """The guild's clubs whose voice channel this is (routing, like channel → club)."""
    async with bridge.dispatcher.deps.uow() as uow:
        clubs = await uow.clubs.all()
    return [
        club
        for club in clubs
        if club.key.platform == Platform.DISCORD
        and club.key.workspace_id == str(guild_id)
        and club.settings.voice_channel_id == str(channel_id)
    ]


async def check_in_present(
    bridge: Bridge, guild_id: int, channel_id: int, members: list[discord.Member]
) -> int:
    """Check in each (human) member for every club meeting in this channel; returns how many
    check-in attempts the core accepted."""
    people = [m for m in members if not m.bot]
    if not people:
        return 0
    accepted = 0
    for club in await clubs_for_voice(bridge, guild_id, channel_id):
        for member in people:
            actor = Actor(
                MemberKey(Platform.DISCORD, str(guild_id), str(member.id)),
                member.display_name,
                False,
            )
            reply = await bridge.dispatcher.run(Attend(source="voice"), Context(club.key, actor))
            accepted += not isinstance(reply.view, ErrorView)  # e.g. no session is on
    return accepted


async def on_voice_state_update(
    bridge: Bridge, member: discord.Member, before: discord.VoiceState, after: discord.VoiceState
) -> None:
    channel = after.channel
    if channel is None or (before.channel is not None and before.channel.id == channel.id):
        # Left voice, or muted/unmuted in place: no new presence to record.
        return
    count = await check_in_present(bridge, member.guild.id, channel.id, [member])
    log.info("voice presence", extra={"channel": channel.id, "checked_in": count})


async def check_in_those_present(client: discord.Client, bridge: Bridge, club_key: ClubKey) -> int:
    """At a session's start: members already sitting in the voice channel never "join" it, so
    the session's start post checks in whoever is there (the voice states intent keeps them)."""
    async with bridge.dispatcher.deps.uow() as uow:
        club = await uow.clubs.get(club_key)
    voice_id = club.settings.voice_channel_id if club is not None else None
    guild = client.get_guild(int(club_key.workspace_id))
    if voice_id is None or guild is None or not voice_id.isdigit():
        return 0
    channel = guild.get_channel(int(voice_id))
    members = list(getattr(channel, "members", []))
    return await check_in_present(bridge, guild.id, int(voice_id), members)
