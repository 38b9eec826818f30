"""The Discord client: slash commands from the catalog, component handlers, event listeners.

Built by `build_client(services)`; nothing here runs at import time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands

from bot.adapters.discord import events, voice
from bot.adapters.discord.bridge import DEFER_AFTER, NO_MENTIONS, Bridge, apologise
from bot.adapters.discord.commands import build_commands
from bot.adapters.discord.handlers import button_clicks, dynamic_items
from bot.adapters.discord.poll_votes import PollVotes
from bot.adapters.discord.ranking import ranking_items
from bot.adapters.discord.translator import CatalogTranslator
from bot.bootstrap import Services
from bot.core.commands.dispatch import UNEXPECTED
from bot.core.views import ErrorView
from bot.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Wiring:
    """What the runner and the poster need from a built client."""

    tree: app_commands.CommandTree[Any]
    bridge: Bridge
    guild_ids: tuple[int, ...]

    async def sync_commands(self) -> list[app_commands.AppCommand]:
        """Globally (may take a while to show up everywhere), or to each configured guild (at
        once; meant for development and single-community bots). The commands carry the
        catalogs' names and descriptions (`CatalogTranslator`) for Discord's own locales."""
        if self.tree.translator is None:
            await self.tree.set_translator(CatalogTranslator())
        if not self.guild_ids:
            return await self.tree.sync()
        synced: list[app_commands.AppCommand] = []
        for guild_id in self.guild_ids:
            guild = discord.Object(guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        return synced


class PaperclubClient(discord.Client):
    paperclub: Wiring


class ShardedPaperclubClient(discord.AutoShardedClient):
    paperclub: Wiring


def intents_for(settings: Settings) -> discord.Intents:
    intents = discord.Intents.default()
    intents.guild_scheduled_events = True
    # Not privileged: who is in the club's voice channel (check-in) and native poll votes.
    intents.voice_states = True
    intents.polls = True
    # Privileged: only with the toggle on in the developer portal, so only when configured.
    intents.members = settings.discord_members_intent
    return intents


def build_client(
    services: Services, *, defer_after: float = DEFER_AFTER
) -> PaperclubClient | ShardedPaperclubClient:
    settings = services.settings
    client: PaperclubClient | ShardedPaperclubClient
    options: dict[str, Any] = {
        "intents": intents_for(settings),
        "allowed_mentions": NO_MENTIONS,  # the default for every send, on top of each call
    }
    if settings.discord_shard_count is not None or settings.discord_shard_ids is not None:
        if settings.discord_shard_ids is not None:
            options["shard_ids"] = settings.discord_shard_ids
        client = ShardedPaperclubClient(shard_count=settings.discord_shard_count, **options)
    else:
        client = PaperclubClient(**options)
    bridge = Bridge(services.dispatcher, settings.discord_admin_role, defer_after)
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(client)
    # With an admin role configured the Manage Server hint would hide admin commands from
    # that role's members, so the hint is only given when Manage Server is the sole rule.
    for command in build_commands(
        bridge, services.dispatcher.catalog, admin_hint=settings.discord_admin_role is None
    ):
        tree.add_command(command)
    tree.on_error = _on_error  # type: ignore[method-assign]
    client.add_dynamic_items(*dynamic_items(bridge), *ranking_items(bridge))
    client.event(button_clicks(bridge))
    client.paperclub = Wiring(tree, bridge, tuple(settings.discord_guild_ids))

    @client.event
    async def on_scheduled_event_user_add(
        event: discord.ScheduledEvent, user: discord.User
    ) -> None:
        await events.on_interested(bridge, event, user)

    votes = PollVotes(client, bridge)

    @client.event
    async def on_raw_poll_vote_add(event: discord.RawPollVoteActionEvent) -> None:
        await votes.on_vote(event, added=True)

    @client.event
    async def on_raw_poll_vote_remove(event: discord.RawPollVoteActionEvent) -> None:
        await votes.on_vote(event, added=False)

    @client.event
    async def on_voice_state_update(
        member: discord.Member, before: discord.VoiceState, after: discord.VoiceState
    ) -> None:
        await voice.on_voice_state_update(bridge, member, before, after)

    return client


async def _on_error(
    interaction: discord.Interaction[Any], error: app_commands.AppCommandError
) -> None:
    """What fails outside our callbacks (which guard themselves): option conversion, checks."""
    log.error("discord command failed", exc_info=error)
    # Our callback never ran, so nothing was changed: the dispatcher's own words fit.
    await apologise(interaction, ErrorView(UNEXPECTED))
