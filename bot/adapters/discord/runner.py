"""Runs the Discord adapter as a platform: `paperclub run --platform discord`."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import discord

from bot.adapters.discord.admin_check import DiscordAdminCheck
from bot.adapters.discord.client import build_client
from bot.adapters.discord.endpoints import apply_endpoints
from bot.adapters.discord.poster import DiscordPoster
from bot.bootstrap import CLOSE_GRACE, Services
from bot.core.domain.errors import PaperclubError
from bot.core.domain.ids import Platform
from bot.platforms import Attached, PlatformRunner
from bot.settings import Settings

log = logging.getLogger(__name__)

# How long a stopping client stays connected for the interactions under way: each is answered
# (or its "thinking…" edited) through the client's HTTP session, so closing the client first
# would leave those members without an answer. Past this they are cancelled, then it closes.
DRAIN_GRACE = CLOSE_GRACE


def missing_settings(settings: Settings) -> str | None:
    if settings.discord_token is None:
        return "DISCORD_TOKEN is not set: create a bot in the Discord developer portal and set it."
    return None


def attach(services: Services) -> Attached:
    settings = services.settings
    token = settings.discord_token
    if token is None:
        raise PaperclubError("DISCORD_TOKEN is not set.")
    apply_endpoints(settings.discord_api_base_url, settings.discord_gateway_url)
    client = build_client(services)

    async def serve(stop: asyncio.Event) -> None:
        running: asyncio.Task[None] | None = None
        try:
            await client.login(token.get_secret_value())
            synced = await client.paperclub.sync_commands()
            log.info("discord commands synced", extra={"count": len(synced)})
            running = asyncio.create_task(client.connect(reconnect=True))
            stopping = asyncio.create_task(stop.wait())
            await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if running.done():
                running.result()  # connect() returns only on close or a fatal error: surface it
        except discord.LoginFailure:
            raise PaperclubError(
                "Discord refused DISCORD_TOKEN (check it in the portal)."
            ) from None
        finally:
            try:
                await services.dispatcher.inflight.drain(DRAIN_GRACE)
            finally:  # also when the runtime cancels us mid-drain: the client is closed
                await client.close()
            if running is not None and not running.done():
                running.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await running

    return Attached(
        Platform.DISCORD,
        DiscordPoster(client, services.deps.clock),
        serve,
        healthy=lambda: client.is_ready() and not client.is_closed(),
        admin_check=DiscordAdminCheck(client, settings.discord_admin_role),
    )


RUNNER = PlatformRunner(Platform.DISCORD, missing_settings, attach)
