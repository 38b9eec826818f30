"""Driving Bolt's OAuth install flow against FakeSlack: several workspaces, each its own token."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from pydantic import SecretStr
from yarl import URL

from bot.adapters.slack.app import build_app, build_client
from bot.adapters.slack.poster import SlackPoster
from bot.adapters.slack.workspaces import Workspaces
from bot.bootstrap import Services
from bot.storage.slack_installations import SqlInstallationStore
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_fake import FakeSlack
from paperclub_fakes.slack_harness import ADMIN, SlackHarness, serving_slack, slack_services
from tests.waiting import eventually

TEAM_A, TEAM_B = "T0TEAMA01", "T0TEAMB01"
CLIENT_ID = "1111.2222"
CLIENT_SECRET = "client-secret-for-tests"
COOKIE = "slack-app-oauth-state"
OAUTH: dict[str, Any] = {
    "slack_bot_token": None,
    "slack_client_id": CLIENT_ID,
    "slack_client_secret": SecretStr(CLIENT_SECRET),
}


@dataclass
class Installer:
    slack: SlackHarness
    base: str
    workspaces: Workspaces

    @property
    def fake(self) -> FakeSlack:
        return self.slack.fake

    async def start(self) -> str:
        """GET /slack/install: straight to Slack's consent page, with a fresh state."""
        url = f"{self.base}/slack/install"
        async with self.slack.session.get(url, allow_redirects=False) as resp:
            assert resp.status == 302
            location = URL(resp.headers["Location"])
            state = location.query["state"]
            assert resp.cookies[COOKIE].value == state  # ties the state to this browser
        assert str(location.with_query(None)) == "https://slack.com/oauth/v2/authorize"
        assert location.query["client_id"] == CLIENT_ID
        assert "commands" in location.query["scope"].split(",")
        return state

    async def finish(self, code: str, state: str, cookie: str | None = None) -> tuple[int, str]:
        """The browser comes back from Slack with a code, the state, and the state's cookie."""
        async with self.slack.session.get(
            f"{self.base}/slack/oauth_redirect",
            params={"code": code, "state": state},
            headers={"Cookie": f"{COOKIE}={cookie or state}"},
            allow_redirects=False,
        ) as resp:
            return resp.status, await resp.text()

    async def install(self, team: str) -> str:
        """The whole flow for `team`; returns the bot token Slack issued."""
        token = self.fake.add_oauth_code(f"code-{team}", team_id=team)
        status, _ = await self.finish(f"code-{team}", await self.start())
        assert status == 200
        return token

    async def command(self, text: str, team: str, *, channel: str) -> dict[str, Any]:
        response_id, url = self.slack.response_url()
        req = sr.slash_command(
            text=text, user_id=ADMIN, team_id=team, channel_id=channel, response_url=url
        )
        assert await self.slack.post(req) == (200, "")
        return (await self.slack.wait_response(response_id)).args

    def poster(self) -> SlackPoster:
        """The poster as the runner builds it: sharing the app's Workspaces."""
        return SlackPoster(build_client(self.workspaces.settings), workspaces=self.workspaces)


async def gone(store: SqlInstallationStore, team: str) -> None:
    """Wait for the bot of `team` to be deleted: Bolt handles events after acking them."""

    async def found() -> object:
        return await store.async_find_bot(enterprise_id=None, team_id=team)

    await eventually(found, lambda bot: bot is None, what=f"{team} uninstalled")


@asynccontextmanager
async def installing(services: Services, fake: FakeSlack) -> AsyncIterator[Installer]:
    svc = slack_services(services, fake, **OAUTH)
    assert svc.settings.slack_oauth
    api = build_client(svc.settings)
    workspaces = Workspaces(svc.settings, svc.engine, svc.deps.clock, api)
    app = build_app(svc, api, workspaces)
    async with serving_slack(svc, app) as (_, base), aiohttp.ClientSession() as session:
        yield Installer(SlackHarness(fake, session, f"{base}/slack/events"), base, workspaces)
