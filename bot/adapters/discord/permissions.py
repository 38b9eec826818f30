"""The Discord permissions the bot uses, the invite that grants them, and the setup check.

Missing one, Discord answers 403 with code 50013 ("Missing Permissions") when the bot tries:
https://discord.com/developers/docs/topics/permissions. The invite asks for exactly these
(`paperclub discord invite`), and `/club setup` reads the bot's resolved permissions in the
channel from the interaction (`app_permissions`, no API call) and says what is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import discord

from bot.adapters.discord import events
from bot.adapters.discord.limits import GUILD_EVENTS
from bot.core.planning.eventplan import MIRROR_SESSIONS
from bot.core.ports import ChannelAccess
from bot.core.text import t
from bot.core.wording import plural

# Without these nothing the club does reaches the channel: setup is refused.
TO_POST: Mapping[str, str] = {
    "view_channel": "View Channels",
    "send_messages": "Send Messages",
    "embed_links": "Embed Links",  # every card, list and result is an embed
    "read_message_history": "Read Message History",  # finding a post again after a crash
}
# Without these one feature fails; each with what members would miss.
FOR_FEATURES: Mapping[str, tuple[str, str]] = {
    "attach_files": ("Attach Files", t("results and stats come without their chart")),
    "send_polls": ("Send Polls", t("native polls fail (set native_poll off for buttons)")),
    "create_public_threads": (
        "Create Public Threads",
        t("announcements get no discussion thread"),
    ),
    "send_messages_in_threads": ("Send Messages in Threads", t("threads get no prompts")),
    "create_events": ("Create Events", t("sessions get no Scheduled Event")),
    "manage_events": (
        "Manage Events",
        t("sessions' Scheduled Events are not moved or cancelled"),
    ),
}
INVITE_PERMISSIONS = discord.Permissions(**dict.fromkeys([*TO_POST, *FOR_FEATURES], True))
SCOPES = ("bot", "applications.commands")
FIX = t("Ask a server admin to give my role these permissions in this channel (or re-invite me).")


def invite_url(application_id: int) -> str:
    """The invite link: the bot and its slash commands, with exactly the permissions above."""
    return discord.utils.oauth_url(application_id, permissions=INVITE_PERMISSIONS, scopes=SCOPES)


def access_from(granted: discord.Permissions) -> ChannelAccess:
    missing_to_post = [name for flag, name in TO_POST.items() if not getattr(granted, flag)]
    if missing_to_post:
        return ChannelAccess(can_post=False, missing=tuple(missing_to_post), fix=FIX)
    lacking = [
        (name, what) for flag, (name, what) in FOR_FEATURES.items() if not getattr(granted, flag)
    ]
    return ChannelAccess(
        missing=tuple(name for name, _ in lacking),
        limits=tuple(
            t("• {permission}: {what}", permission=name, what=what) for name, what in lacking
        ),
        fix=FIX if lacking else "",
    )


class DiscordChannelCheck:
    """The bot's permissions in the interaction's channel, as Discord resolved them, and
    whether the guild has room for the club's Scheduled Events (100 at most, all clubs and
    the server's people together: bot/adapters/discord/events.py)."""

    def __init__(self, granted: discord.Permissions, guild: discord.Guild | None = None) -> None:
        self._granted = granted
        self._guild = guild

    async def access(self) -> ChannelAccess:
        access = access_from(self._granted)
        if self._guild is None or not access.can_post or not self._granted.create_events:
            return access
        try:
            room, live = events.room_left(await self._guild.fetch_scheduled_events())
        except discord.HTTPException:
            return access  # the events are a bonus; setup does not wait on them
        if room >= MIRROR_SESSIONS:
            return access
        return replace(
            access,
            missing=(*access.missing, "room for Scheduled Events"),
            limits=(
                *access.limits,
                f"• Scheduled Events: this server has {live} of the {GUILD_EVENTS} Discord "
                f"allows (I make at most {events.BUDGET}), so only {plural(room, 'session')} more "
                "will show in its events until some end",
            ),
        )
