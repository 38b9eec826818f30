"""Runs the Slack app until `stop` is set: Socket Mode when SLACK_APP_TOKEN is set, else HTTP.

Socket Mode needs no public URL (a club's own bot); HTTP mode serves POST /slack/events for
public distribution and for several replicas behind a load balancer.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.adapters.slack.app import build_app
from bot.adapters.slack.poster import SlackPoster
from bot.bootstrap import Services
from bot.core.domain.errors import PaperclubError
from bot.core.domain.ids import Platform

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


async def serve(services: Services, stop: asyncio.Event) -> None:
    settings = services.settings
    if settings.slack_bot_token is None:
        raise PaperclubError("Slack needs SLACK_BOT_TOKEN.")
    if settings.slack_app_token is None and settings.slack_signing_secret is None:
        raise PaperclubError("Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET.")
    app = build_app(services)
    names = frozenset(spec.name.split(" ", 1)[0] for spec in services.dispatcher.catalog.specs)
    services.posters[Platform.SLACK] = SlackPoster(app.client, names)
    if settings.slack_app_token is not None:
        handler = AsyncSocketModeHandler(app, settings.slack_app_token.get_secret_value())
        await handler.connect_async()  # type: ignore[no-untyped-call]
        log.info("slack connected in socket mode")
        client = handler.client
        services.health["slack"] = lambda: not client.closed
        try:
            await stop.wait()
        finally:
            await handler.close_async()  # type: ignore[no-untyped-call]
        return
    runner = web.AppRunner(app.web_app(path=EVENTS_PATH), shutdown_timeout=5.0)
    await runner.setup()
    site = web.TCPSite(runner, settings.http_host, settings.slack_http_port)
    await site.start()
    services.health["slack"] = lambda: True  # serving requests is all HTTP mode needs
    log.info(
        "slack listening over http",
        extra={"host": settings.http_host, "port": settings.slack_http_port, "path": EVENTS_PATH},
    )
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
