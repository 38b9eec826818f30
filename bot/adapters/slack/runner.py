"""Runs the Slack app until `stop` is set: Socket Mode when SLACK_APP_TOKEN is set, else HTTP.

Socket Mode needs no public URL (a club's own bot); HTTP mode serves POST /slack/events for
public distribution and for several replicas behind a load balancer. With SLACK_CLIENT_ID and
SLACK_CLIENT_SECRET it also serves the OAuth install and redirect pages, for several workspaces.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import webserver
from bot.adapters.slack.admin_check import ClientFor, SlackAdminCheck
from bot.adapters.slack.app import build_app, build_client
from bot.adapters.slack.identity import Members
from bot.adapters.slack.poster import SlackPoster
from bot.adapters.slack.workspaces import Workspaces
from bot.bootstrap import Services
from bot.core.domain.errors import PaperclubError
from bot.core.domain.ids import Platform
from bot.platforms import Attached, PlatformRunner
from bot.settings import Settings

log = logging.getLogger(__name__)

EVENTS_PATH = webserver.EVENTS_PATH


def missing_settings(settings: Settings) -> str | None:
    """What keeps Slack from starting, checked before anything else starts."""
    if settings.slack_oauth:
        return _http_mode_without_port(settings)
    if settings.slack_client_id or settings.slack_client_secret:
        # Half an OAuth set-up must not quietly fall back to one token; and Bolt itself reads
        # SLACK_CLIENT_ID/SECRET from the environment and would then ignore SLACK_BOT_TOKEN.
        return (
            "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (several workspaces) need each other and "
            "SLACK_SIGNING_SECRET; unset them to run one workspace with SLACK_BOT_TOKEN."
        )
    if settings.slack_bot_token is None:
        return "Slack needs SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET."
    if settings.slack_app_token is None and settings.slack_signing_secret is None:
        return "Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET."
    return _http_mode_without_port(settings)


def _http_mode_without_port(settings: Settings) -> str | None:
    http_mode = settings.slack_oauth or settings.slack_app_token is None
    if http_mode and settings.http_port == 0:
        return "Slack in HTTP mode is served on the HTTP port: set PAPERCLUB_HTTP_PORT (not 0)."
    return None


def attach(services: Services) -> Attached:
    settings = services.settings
    problem = missing_settings(settings)
    if problem:
        raise PaperclubError(problem)
    if settings.slack_oauth and settings.slack_app_token is not None:
        log.warning("SLACK_APP_TOKEN is not used: installs through OAuth run in HTTP mode")
    # One HTTP session for all of Slack's traffic (Web API calls, response_url answers, the
    # poster's posts), its connections kept open; closed by the runtime once all is answered.
    session = aiohttp.ClientSession()
    api = build_client(settings, session)
    workspaces = None
    if settings.slack_oauth:
        # Shared by the app (whose uninstall handler empties its cache) and the poster.
        workspaces = Workspaces(settings, services.engine, services.deps.clock, api)
    app = build_app(services, api, workspaces)
    names = frozenset(spec.name.split(" ", 1)[0] for spec in services.dispatcher.catalog.specs)
    poster = SlackPoster(app.client, names, workspaces=workspaces)
    admin_check = SlackAdminCheck(
        Members(settings.slack_admin_users),
        workspaces.client if workspaces is not None else _one_workspace(app.client),
    )
    app_token = settings.slack_app_token if workspaces is None else None
    if app_token is None:
        listening = asyncio.Event()  # serving requests is all HTTP mode needs to be healthy
        mounted = webserver.mount(app, services)

        async def serve_http(stop: asyncio.Event) -> None:
            try:
                await services.web.wait_listening()  # raises, saying why, if the port is not up
                listening.set()
                log.info(
                    "slack listening over http",
                    extra={
                        "host": settings.http_host,
                        "port": settings.http_port,
                        "path": EVENTS_PATH,
                    },
                )
                if settings.slack_oauth:
                    log.info("slack installs at %s", settings.slack_install_path)
                await stop.wait()
            finally:
                await mounted.aclose()

        return Attached(
            Platform.SLACK,
            poster,
            serve_http,
            healthy=listening.is_set,
            close=session.close,
            admin_check=admin_check,
        )
    handler = AsyncSocketModeHandler(app, app_token.get_secret_value())
    connected = asyncio.Event()

    async def serve_socket(stop: asyncio.Event) -> None:
        await handler.connect_async()  # type: ignore[no-untyped-call]
        connected.set()
        log.info("slack connected in socket mode")
        try:
            await stop.wait()
        finally:
            await handler.close_async()  # type: ignore[no-untyped-call]

    def healthy() -> bool:
        return connected.is_set() and not handler.client.closed

    return Attached(
        Platform.SLACK,
        poster,
        serve_socket,
        healthy=healthy,
        close=session.close,
        admin_check=admin_check,
    )


def _one_workspace(client: AsyncWebClient) -> ClientFor:
    async def client_for(team_id: str) -> AsyncWebClient:
        return client  # SLACK_BOT_TOKEN's: the one workspace every club is in

    return client_for


RUNNER = PlatformRunner(Platform.SLACK, missing_settings, attach)
