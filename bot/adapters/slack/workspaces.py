"""Several workspaces: Bolt's OAuth installation flow on our database, and each workspace's client.

Requests from Slack get their workspace's token from Bolt (its authorize step finds the bot in
the installation store). Scheduled posts have no request, so the poster asks `Workspaces` for a
client by the club's team id. The client is cached, since a busy tick posts to many channels of
one workspace, but only for a minute, since another replica may be the one that sees an uninstall.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.listener.async_builtins import AsyncTokenRevocationListeners
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.adapters.slack.guard import later
from bot.adapters.slack.oauth_states import EncodedAuthorizeUrl, SignedStates
from bot.adapters.slack.outage import OutageAwareAuthorize
from bot.core.domain.errors import PaperclubError
from bot.core.ports import Clock
from bot.settings import Settings
from bot.storage.slack_installations import SqlInstallationStore, SqlUsedStates

log = logging.getLogger(__name__)

TOKEN_SECONDS = 60.0


class NotInstalled(PaperclubError):
    """The app has no bot token for this workspace (never installed, or uninstalled)."""


class Workspaces:
    def __init__(
        self,
        settings: Settings,
        engine: AsyncEngine,
        clock: Clock,
        base: AsyncWebClient,
        *,
        ttl: float = TOKEN_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.store = SqlInstallationStore(engine)
        self._engine = engine
        self._clock = clock
        self._base = base
        self._ttl = ttl
        self._monotonic = monotonic
        self._clients: dict[str, tuple[float, AsyncWebClient]] = {}

    def oauth_settings(self) -> AsyncOAuthSettings:
        settings = self.settings
        if not settings.slack_client_id or settings.slack_client_secret is None:
            raise PaperclubError("Slack OAuth needs SLACK_CLIENT_ID and SLACK_CLIENT_SECRET.")
        secret = settings.slack_client_secret.get_secret_value()
        bolt_log = logging.getLogger("slack_bolt.paperclub.oauth")
        oauth = AsyncOAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=secret,
            scopes=settings.slack_scopes,
            # Bot scopes only: members never hand the bot their own token.
            user_scopes=[],
            redirect_uri=settings.slack_redirect_uri,
            install_path=settings.slack_install_path,
            # Straight to Slack's consent page; our own landing page would add nothing.
            install_page_rendering_enabled=False,
            redirect_uri_path=settings.slack_redirect_path,
            authorization_url=settings.slack_authorization_url,
            installation_store=self.store,
            installation_store_bot_only=True,
            state_store=SignedStates(secret, SqlUsedStates(self._engine), self._clock),
            logger=bolt_log,
        )
        # Bolt's authorize step, telling a database that is away from a workspace that is gone.
        oauth.authorize = OutageAwareAuthorize(
            logger=bolt_log,
            client_id=oauth.client_id,
            client_secret=oauth.client_secret,
            token_rotation_expiration_minutes=oauth.token_rotation_expiration_minutes,
            installation_store=self.store,
            bot_only=True,
        )
        generated = oauth.authorize_url_generator
        oauth.authorize_url_generator = EncodedAuthorizeUrl(
            client_id=generated.client_id,
            redirect_uri=generated.redirect_uri,
            scopes=generated.scopes,
            user_scopes=generated.user_scopes,
            authorization_url=generated.authorization_url,
        )
        return oauth

    async def client(self, team_id: str) -> AsyncWebClient:
        """A client holding the workspace's bot token; NotInstalled if there is none."""
        now = self._monotonic()
        cached = self._clients.get(team_id)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        bot = await self.store.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or not bot.bot_token:
            self._clients.pop(team_id, None)
            raise NotInstalled(
                f"paperclub is not installed in Slack workspace {team_id}; "
                "its posts wait until it is installed again."
            )
        client = self._with_token(bot.bot_token)
        self._clients[team_id] = (now, client)
        return client

    def forget(self, team_id: str | None) -> None:
        self._clients.pop(team_id or "", None)

    def register(self, app: AsyncApp) -> None:
        """Uninstalls and revoked tokens delete the installation; the clubs stay."""
        builtin = AsyncTokenRevocationListeners(self.store)

        async def uninstalled(context: AsyncBoltContext) -> None:
            await builtin.handle_app_uninstalled_events(context)
            self.forget(context.team_id)
            log.info("slack app uninstalled", extra={"team": context.team_id})

        async def revoked(event: dict[str, object], context: AsyncBoltContext) -> None:
            await builtin.handle_tokens_revoked_events(event, context)
            self.forget(context.team_id)
            log.info("slack tokens revoked", extra={"team": context.team_id})

        # As tasks of their own: Bolt acks the event at once (it runs listeners inline).
        app.event("app_uninstalled")(later(uninstalled))
        app.event("tokens_revoked")(later(revoked))

    def _with_token(self, token: str) -> AsyncWebClient:
        # The same transport as the app's client (base URL, retries, proxy), another token.
        base = self._base
        return AsyncWebClient(
            token=token,
            base_url=base.base_url,
            timeout=base.timeout,
            ssl=base.ssl,
            proxy=base.proxy,
            headers=base.headers,
            logger=base.logger,
            retry_handlers=list(base.retry_handlers or []),
        )
