"""Asking Discord, at the moment a management-page link is used, whether its admin still is one.

`/club manage` hands out a link that works for minutes; someone demoted meanwhile must not get
in with it (bot/core/usecases/manage_sign_in.py asks each platform's AdminCheck). The rule is
the chat's (`bridge.grants_admin`): Manage Server in the club's channel, or the configured
role. In chat Discord resolves the member's permissions for the channel and sends them with
the interaction; here no interaction is at hand, so they are resolved the same way from REST:
the guild's roles and owner, the member's roles (GET /guilds/{id}/members/{user}, which needs no
privileged intent), then the channel's permission overwrites (@everyone, the member's roles,
the member), applied with discord.py's own `Permissions.handle_overwrite`.

Discord saying the member, the channel or the guild is unknown is a "no"; anything else that
keeps it from answering (a 5xx, a 403, a timeout) is "cannot tell", which the sign-in refuses.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import discord

from bot.adapters.discord.bridge import grants_admin
from bot.core.domain.ids import ClubKey, MemberKey

log = logging.getLogger(__name__)

# A sign-in waits this long for Discord's three answers before it says Discord did not answer.
CHECK_SECONDS = 10.0


def resolved(member: discord.Member, channel: discord.abc.GuildChannel) -> discord.Permissions:
    """The member's permissions in `channel`, as Discord computes them for an interaction."""
    granted = member.guild_permissions  # owner and Administrator: everything
    if granted.administrator:
        return discord.Permissions.all()
    everyone = member.guild.default_role
    allow, deny = channel.overwrites_for(everyone).pair()
    granted.handle_overwrite(allow.value, deny.value)
    allowed = denied = 0
    for role in member.roles:
        if role != everyone:
            allow, deny = channel.overwrites_for(role).pair()
            allowed, denied = allowed | allow.value, denied | deny.value
    granted.handle_overwrite(allowed, denied)
    allow, deny = channel.overwrites_for(member).pair()
    granted.handle_overwrite(allow.value, deny.value)
    return granted


class DiscordAdminCheck:
    """bot.core.ports.AdminCheck for Discord, with the running client's REST session."""

    def __init__(
        self, client: discord.Client, admin_role: str | None, *, timeout: float = CHECK_SECONDS
    ) -> None:
        self.client = client
        self.admin_role = admin_role
        self.timeout = timeout

    async def __call__(self, club: ClubKey, member: MemberKey) -> bool | None:
        if not (club.workspace_id.isdigit() and club.channel_id.isdigit()):
            return False  # a club outside a guild has no admins to check
        try:
            async with asyncio.timeout(self.timeout):
                return await self._ask(club, member)
        except discord.NotFound:
            return False  # the member left, or the club's channel or guild is gone
        except (discord.HTTPException, aiohttp.ClientError, TimeoutError):
            log.warning(
                "discord could not say whether a member is still an admin",
                extra={"club": str(club), "user": member.user_id},
                exc_info=True,
            )
            return None

    async def _ask(self, club: ClubKey, member: MemberKey) -> bool:
        guild = await self.client.fetch_guild(int(club.workspace_id))
        found = await guild.fetch_member(int(member.user_id))
        channel = await self.client.fetch_channel(int(club.channel_id))
        if isinstance(channel, discord.Thread):
            # A thread's permissions are its parent channel's.
            channel = await self.client.fetch_channel(channel.parent_id)
        if not isinstance(channel, discord.abc.GuildChannel):
            return False
        return grants_admin(resolved(found, channel), found.roles, self.admin_role)
