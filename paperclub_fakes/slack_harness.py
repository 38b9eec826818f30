"""Driving the real slack-bolt app: signed requests in, what reached FakeSlack out."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from pydantic import SecretStr
from slack_bolt.async_app import AsyncApp

from bot import httpserver
from bot.adapters.slack import webserver
from bot.adapters.slack.app import build_app
from bot.bootstrap import Services
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_fake import RESPONSE_URL, FakeSlack, SlackCall, serve_app

BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
ADMIN = "U0ADMIN01"
MEMBER = sr.USER_ID


def slack_services(services: Services, fake: FakeSlack, **settings: Any) -> Services:
    """The test's services, configured for Slack on the fake."""
    update = {
        "slack_bot_token": SecretStr(BOT_TOKEN),
        "slack_signing_secret": SecretStr(sr.SIGNING_SECRET),
        "slack_api_url": fake.api_url,
        **settings,
    }
    return dataclasses.replace(services, settings=services.settings.model_copy(update=update))


class SlackHarness:
    def __init__(self, fake: FakeSlack, session: aiohttp.ClientSession, url: str) -> None:
        self.fake = fake
        self.session = session
        self.url = url
        self._responses = 0

    async def post(self, req: sr.SignedRequest) -> tuple[int, str]:
        async with self.session.post(self.url, data=req.body, headers=req.headers) as resp:
            return resp.status, await resp.text()

    def response_url(self) -> tuple[str, str]:
        self._responses += 1
        response_id = f"R{self._responses:06d}"
        return response_id, self.fake.new_response_url(response_id)

    async def command(
        self,
        text: str,
        *,
        user: str = ADMIN,
        channel_name: str = "paper-club",
        channel_id: str = sr.CHANNEL_ID,
    ) -> dict[str, Any]:
        """Run `/paperclub <text>`; return what the app sent to the response_url."""
        response_id, url = self.response_url()
        req = sr.slash_command(
            text=text,
            user_id=user,
            channel_name=channel_name,
            channel_id=channel_id,
            response_url=url,
        )
        assert await self.post(req) == (200, ""), "acked at once, with an empty body"
        return (await self.wait_response(response_id)).args

    async def click(self, button: dict[str, Any], *, user: str = ADMIN) -> dict[str, Any]:
        response_id, url = self.response_url()
        req = sr.block_action(button["action_id"], button["value"], user=user, response_url=url)
        assert (await self.post(req))[0] == 200
        return (await self.wait_response(response_id)).args

    async def wait_response(self, response_id: str) -> SlackCall:
        return await self.fake.wait_for_call(
            RESPONSE_URL, lambda c: c.args["response_id"] == response_id
        )


@asynccontextmanager
async def settled() -> AsyncIterator[None]:
    """On leaving, wait until every task started inside (the app's listeners, their calls to
    the fake) has ended: what a request set off has then happened, or never will. Group-commit
    flushers live as long as the app and are not waited for."""
    before = asyncio.all_tasks()
    yield
    me = asyncio.current_task()

    def started() -> list[asyncio.Task[object]]:
        return [
            task
            for task in asyncio.all_tasks() - before
            if task is not me and not task.done() and not task.get_name().endswith("-flusher")
        ]

    async with asyncio.timeout(30):
        while running := started():
            await asyncio.wait(running)


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        element
        for block in message.get("blocks", [])
        if block["type"] == "actions"
        for element in block["elements"]
    ]


def shown_text(payload: Any) -> str:
    """Everything a payload would show, as one string, for assertions about its text."""
    return json.dumps(payload, ensure_ascii=False)


@asynccontextmanager
async def running(
    services: Services, fake: FakeSlack, **settings: Any
) -> AsyncIterator[SlackHarness]:
    """The app built from these services, mounted on the bot's HTTP server as `paperclub run`
    mounts it, served on 127.0.0.1."""
    served = slack_services(services, fake, **settings)
    # The app's one HTTP session, as the runner gives it one, and the harness's own.
    async with aiohttp.ClientSession() as slack_http:
        app = build_app(served, session=slack_http)
        async with serving_slack(served, app) as (_, base), aiohttp.ClientSession() as session:
            yield SlackHarness(fake, session, f"{base}/slack/events")


@asynccontextmanager
async def serving_slack(
    services: Services, app: AsyncApp | None = None
) -> AsyncIterator[tuple[AsyncApp, str]]:
    """`app` (built from `services` if not given) on the bot's one HTTP port; yields its URL."""
    app = app or build_app(services)
    mounted = webserver.mount(app, services)
    try:
        async with serve_app(httpserver.build_app(services)) as base:
            yield app, base
    finally:
        await mounted.aclose()
