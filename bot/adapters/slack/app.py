"""The Bolt app, built from Services; handlers are registered explicitly on each new app."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import home
from bot.adapters.slack.commands import ACTION_PATTERN, BALLOT_PATTERN, Handlers
from bot.adapters.slack.guard import Listener, guarded, later
from bot.adapters.slack.identity import Members, workspace_of
from bot.adapters.slack.modals import CALLBACK_ID
from bot.adapters.slack.one_workspace import OneWorkspace
from bot.adapters.slack.outage import on_error
from bot.adapters.slack.per_request import PerRequest
from bot.adapters.slack.sdk_logger import sdk_logger
from bot.adapters.slack.workspaces import Workspaces
from bot.bootstrap import Services
from bot.core.domain.ids import Platform
from bot.logs import bolt_loggers_follow_configuration
from bot.settings import Settings
from bot.storage.events import first_time, forget_before

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
COMMAND = "/paperclub"
BOLT_LOGGER = "slack_bolt.paperclub"
# The events the app listens to, as slack/manifest.*.yml subscribe to them.
EVENTS = ("app_home_opened",)
# Installs through OAuth: an uninstall or a revoked token deletes the workspace's stored token.
INSTALL_EVENTS = ("app_uninstalled", "tokens_revoked")
# Slack gives up redelivering an event within minutes; a day is plenty to remember it.
EVENT_MEMORY = timedelta(days=1)


def build_client(
    settings: Settings, session: aiohttp.ClientSession | None = None
) -> AsyncWebClient:
    """The Web API client; with ``session`` every call goes through it (its connections are
    kept and reused), else slack_sdk opens and closes a session, a connection, per call."""
    # With OAuth each request and each post brings its workspace's token; the app's own client
    # has none, so that SLACK_BOT_TOKEN can never post into the wrong workspace.
    secret = None if settings.slack_oauth else settings.slack_bot_token
    token = secret.get_secret_value() if secret else None
    base_url = settings.slack_api_url or DEFAULT_API_URL
    return AsyncWebClient(
        token=token,
        # slack_sdk joins method names onto the base URL, so it must end in a slash.
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
        session=session,
        # Bolt's per-request clients copy it: none of them builds debug lines nobody logs.
        logger=sdk_logger(),
    )


def build_app(
    services: Services,
    client: AsyncWebClient | None = None,
    workspaces: Workspaces | None = None,
    *,
    session: aiohttp.ClientSession | None = None,
) -> AsyncApp:
    """One workspace with SLACK_BOT_TOKEN, or several installed through OAuth (`workspaces`,
    made here from the settings unless the caller shares its own with the poster). The
    answers to response_urls go through the client's HTTP session when it has one."""
    settings = services.settings
    secret = settings.slack_signing_secret
    client = client or build_client(settings, session)
    if workspaces is None and settings.slack_oauth:
        workspaces = Workspaces(settings, services.engine, services.deps.clock, client)
    app = AsyncApp(
        # Bolt's loggers copy the level of the logger they are made from, once, when made;
        # made from this one (level unset) they follow whatever logging is configured.
        name=BOLT_LOGGER,
        logger=logging.getLogger(BOLT_LOGGER),
        # Before any installation is looked up: one workspace per request, or none.
        before_authorize=OneWorkspace(),
        # The client carries the token; passing token= too would only log a warning.
        client=client,
        signing_secret=secret.get_secret_value() if secret else "",
        # Socket Mode requests are not signed; over HTTP the route checks each signature on
        # the raw bytes before Bolt sees the request, and hands Bolt a form's payload already
        # decoded, which Bolt's own check could not verify (webserver.py, payloads.py).
        request_verification_enabled=False,
        oauth_settings=workspaces.oauth_settings() if workspaces else None,
        # Listeners run inline, and return once they acked (guard.py): no 10 ms polls for it.
        process_before_response=True,
    )
    app.use(PerRequest(client.session, client.logger))
    app.error(on_error)
    register(app, services)
    if workspaces is not None:
        workspaces.register(app)
    else:
        # One workspace's token lives in the environment: nothing to delete, but the events
        # the HTTP manifest subscribes to are still answered, or Slack retries them.
        for event in INSTALL_EVENTS:
            app.event(event)(later(_logged))
    # The loggers Bolt made for its parts just now copied a level; they follow `slack_bolt`.
    bolt_loggers_follow_configuration()
    return app


async def _logged(event: dict[str, Any]) -> None:
    log.warning("slack %s: the app's token no longer works here", event.get("type"))


def register(app: AsyncApp, services: Services) -> None:
    handlers = Handlers(services.dispatcher, Members(services.settings.slack_admin_users))

    def guard(listener: Listener, *, acks_first: bool = False) -> Listener:
        # Every listener: a failure after the ack still ends in a private answer.
        renderer = handlers.renderer()
        return guarded(listener, renderer, services.dispatcher.inflight, acks_first=acks_first)

    # Bolt tries the listeners in this order and builds every listener argument for each try
    # (7 µs): clicks, the most frequent request by far, are matched first. The matchers are
    # disjoint, so the order changes nothing else.
    # These three begin with a bare `await ack()` (commands.py), which the guard makes for them.
    app.action(ACTION_PATTERN)(guard(handlers.action, acks_first=True))
    app.action(BALLOT_PATTERN)(guard(handlers.ballot, acks_first=True))
    app.command(COMMAND)(guard(handlers.command, acks_first=True))
    app.view(CALLBACK_ID)(guard(handlers.submit))

    async def home_opened(
        event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if event.get("tab", "home") != "home":
            return
        view = await home.home_view(handlers, client, workspace_of(body), str(event["user"]))
        await client.views_publish(user_id=str(event["user"]), view=view)

    # No one to write to if the home tab fails: the failure is logged once, and the tab stays.
    app.event(EVENTS[0], middleware=[deduplicator(services)])(guard(home_opened))


def deduplicator(services: Services) -> Callable[..., Awaitable[BoltResponse | None]]:
    """Listener middleware that lets each event_id through once, however often Slack sends it.

    The event id alone decides: `x-slack-retry-num` says Slack *thinks* we missed it (and
    Socket Mode sends the header even on a first delivery), but only the database knows.
    """
    pruned: list[Any] = []

    async def dedupe(
        body: dict[str, Any], request: AsyncBoltRequest, next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        event_id = body.get("event_id")
        now = services.deps.clock.now()
        if event_id and not await first_time(services.engine, Platform.SLACK, event_id, now):
            retry = request.headers.get("x-slack-retry-num", ["0"])[0]
            log.info("skipping a redelivered event", extra={"event_id": event_id, "retry": retry})
            return BoltResponse(status=200, body="")
        if not pruned or now - pruned[0] > EVENT_MEMORY:
            pruned[:] = [now]
            await forget_before(services.engine, now - EVENT_MEMORY)
        await next()
        return None

    return dedupe
