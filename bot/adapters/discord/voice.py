"""Voice presence to the core: who is in which voice or stage channel of which guild.

Which clubs meet there, whether a session is on and one check-in per member and session are the
core's (`voice_check_in`), so every voice update may simply report.
"""

from __future__ import annotations

import logging

import discord

from bot.adapters.discord.bridge import Bridge
from bot.core.domain.ids import ClubKey, Platform
from bot.core.usecases.voice_check_in import InVoice, check_in_from_voice, voice_room

log = logging.getLogger(__name__)


async def check_in_present(
    bridge: Bridge, guild_id: int, channel_id: int, members: list[discord.Member]
) -> int:
    """Report the (human) members in a voice channel; returns how many check-ins the core
    accepted."""
    people = [InVoice(str(m.id), m.display_name) for m in members if not m.bot]
    if not people:
        return 0
    store = bridge.dispatcher.deps.store
    return await check_in_from_voice(
        store, Platform.DISCORD, str(guild_id), str(channel_id), people
    )


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
    voice_id = await voice_room(bridge.dispatcher.deps.store, club_key)
    guild = client.get_guild(int(club_key.workspace_id))
    if voice_id is None or guild is None or not voice_id.isdigit():
        return 0
    channel = guild.get_channel(int(voice_id))
    members = list(getattr(channel, "members", []))
    return await check_in_present(bridge, guild.id, int(voice_id), members)
