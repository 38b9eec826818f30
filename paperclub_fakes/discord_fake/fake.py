"""A fake Discord (gateway websocket + REST API) on 127.0.0.1 for driving a real discord.py client.

The real client talks to it once ``bot.adapters.discord.endpoints.apply_endpoints`` points
discord.py at ``FakeDiscord.api_base`` / ``FakeDiscord.gateway_url`` (see
``paperclub_fakes/discord_client_harness.py``). Payload shapes follow Discord's API v10 docs and
what discord.py 2.7 parses; where Discord validates or de-duplicates (enforce_nonce, one
acknowledgement per interaction, the 3-second callback deadline, scheduled-event fields) the
fake does too, so an adapter that would fail against Discord fails here.

Every REST request is recorded (``FakeDiscord.requests``); tests wait for them with
``await fake.wait_for_request(method, path_regex)`` instead of sleeping.
"""

from __future__ import annotations

import re
from typing import Any, Final

from aiohttp import web

from paperclub_fakes.discord_fake.commands import Commands
from paperclub_fakes.discord_fake.component_payloads import ComponentPayloads
from paperclub_fakes.discord_fake.errors import DiscordHTTPError
from paperclub_fakes.discord_fake.failures import FailureInjection
from paperclub_fakes.discord_fake.gateway import Gateway
from paperclub_fakes.discord_fake.guilds import Guilds
from paperclub_fakes.discord_fake.interactions import InteractionResponses
from paperclub_fakes.discord_fake.objects import API_PREFIX, JSON, encode, snowflake
from paperclub_fakes.discord_fake.recording import Handler, Incoming, RecordedRequest, read_body
from paperclub_fakes.discord_fake.scheduled_events import ScheduledEvents
from paperclub_fakes.discord_fake.threads import Threads
from paperclub_fakes.discord_fake.waiting import Waiting

# Discord answers every route 401 without the bot token, but for the gateway's address and the
# interaction endpoints, which the interaction's own token authenticates.
WITHOUT_BOT_TOKEN: Final = re.compile(r"/gateway$|/interactions/|/webhooks/")


class FakeDiscord(
    ComponentPayloads,
    InteractionResponses,
    Threads,
    ScheduledEvents,
    Guilds,
    Commands,
    Gateway,
    Waiting,
    FailureInjection,
):
    """Fake Discord gateway + REST server; ``async with FakeDiscord() as fake: ...``."""

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/cdn/{id}/{filename}", self._cdn)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def _cdn(self, request: web.Request) -> web.Response:
        content = self.uploads.get(request.match_info["id"])
        if content is None:
            raise web.HTTPNotFound()
        return web.Response(body=content, content_type="application/octet-stream")

    def attachment(self, filename: str, content: bytes, *, size: int | None = None) -> JSON:
        """A member's uploaded file, for `resolved.attachments` of a slash command; the bot
        downloads it from this fake's CDN route. `size` may claim a different size."""
        attachment_id = str(snowflake())
        self.uploads[attachment_id] = content
        url = f"http://127.0.0.1:{self.port}/cdn/{attachment_id}/{filename}"
        return {
            "id": attachment_id,
            "filename": filename,
            "size": len(content) if size is None else size,
            "url": url,
            "proxy_url": url,
            "content_type": "text/plain; charset=utf-8",
        }

    async def close(self) -> None:
        for conn in list(self._connections):
            await conn.ws.close()
        for task in list(self._background):
            task.cancel()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body_json, files = await read_body(request)
        rec = RecordedRequest(
            seq=next(self._seq),
            method=request.method,
            path=path,
            query=dict(request.query),
            headers=dict(request.headers),
            json=body_json,
            files=files,
        )
        await self._held(rec)
        try:
            status, payload, headers = await self._answer(request, rec)
        except Exception as exc:
            # A bug in the fake (or a malformed body): answer 400 rather than 500, which
            # discord.py would retry for ~25 s; tests see it in fake.errors.
            self.errors.append(exc)
            status, payload, headers = 400, {"message": f"fake error: {exc!r}", "code": 0}, {}
        rec.status, rec.response = status, payload
        # Recorded only once answered, so a waiter never sees a half-handled request.
        self.requests.append(rec)
        self._bump()
        if payload is None:
            return web.Response(status=status, headers=headers)
        # discord.py decodes JSON only when Content-Type is exactly application/json.
        return web.Response(
            status=status,
            body=encode(payload),
            headers={**headers, "Content-Type": "application/json"},
        )

    async def _answer(
        self, request: web.Request, rec: RecordedRequest
    ) -> tuple[int, Any, dict[str, str]]:
        for inj in self._injections:
            if (
                inj.remaining > 0
                and inj.method in (None, rec.method)
                and inj.pattern.fullmatch(rec.path)
            ):
                inj.remaining -= 1
                rec.rate_limited = inj.rate_limit
                return inj.status, inj.body, inj.headers
        auth = request.headers.get("Authorization", "")
        incoming = Incoming(
            rec.method, rec.path, rec.query, rec.json, rec.files, auth == f"Bot {self.token}"
        )
        for method, pattern, handler in self._routes:
            if method != rec.method:
                continue
            m = pattern.fullmatch(rec.path)
            if m is None:
                continue
            try:
                if not incoming.authorized and not WITHOUT_BOT_TOKEN.match(rec.path):
                    raise DiscordHTTPError(401, 0, "401: Unauthorized")
                result = await handler(incoming, m)
            except DiscordHTTPError as exc:
                rec.rate_limited = exc.status == 429
                return exc.status, exc.body, exc.headers
            if result is None:
                return 204, None, {}
            return 200, result, {}
        self.unhandled.append(rec)
        return 404, {"message": "404: Not Found", "code": 0}, {}

    def _route_table(self) -> list[tuple[str, re.Pattern[str], Handler]]:
        s = r"(\d+)"
        tok = r"([^/]+)"
        table: list[tuple[str, str, Handler]] = [
            ("GET", "/users/@me", self._get_me),
            ("GET", "/oauth2/applications/@me", self._get_application),
            ("GET", "/applications/@me", self._get_application),
            ("GET", "/gateway", self._get_gateway),
            ("GET", "/gateway/bot", self._get_gateway_bot),
            ("GET", rf"/applications/{s}/commands", self._get_commands),
            ("PUT", rf"/applications/{s}/commands", self._put_commands),
            ("GET", rf"/applications/{s}/guilds/{s}/commands", self._get_commands),
            ("PUT", rf"/applications/{s}/guilds/{s}/commands", self._put_commands),
            ("POST", rf"/interactions/{s}/{tok}/callback", self._interaction_callback),
            ("POST", rf"/webhooks/{s}/{tok}", self._webhook_execute),
            ("GET", rf"/webhooks/{s}/{tok}/messages/(@original|\d+)", self._webhook_get),
            ("PATCH", rf"/webhooks/{s}/{tok}/messages/(@original|\d+)", self._webhook_edit),
            ("DELETE", rf"/webhooks/{s}/{tok}/messages/(@original|\d+)", self._webhook_delete),
            ("GET", rf"/channels/{s}", self._get_channel),
            ("PATCH", rf"/channels/{s}", self._edit_channel),
            ("POST", rf"/channels/{s}/typing", self._typing),
            ("POST", rf"/channels/{s}/messages", self._create_message),
            ("GET", rf"/channels/{s}/messages", self._channel_history),
            ("GET", rf"/channels/{s}/messages/{s}", self._get_message),
            ("PATCH", rf"/channels/{s}/messages/{s}", self._edit_message),
            ("DELETE", rf"/channels/{s}/messages/{s}", self._delete_message),
            ("PUT", rf"/channels/{s}/messages/{s}/reactions/{tok}/@me", self._reaction),
            ("DELETE", rf"/channels/{s}/messages/{s}/reactions/{tok}/@me", self._reaction),
            ("POST", rf"/channels/{s}/polls/{s}/expire", self._expire_poll),
            ("POST", rf"/channels/{s}/threads", self._create_thread),
            ("POST", rf"/channels/{s}/messages/{s}/threads", self._create_thread_from_message),
            ("POST", "/users/@me/channels", self._create_dm),
            ("GET", rf"/users/{s}", self._get_user),
            ("GET", rf"/guilds/{s}", self._get_guild),
            ("GET", rf"/guilds/{s}/channels", self._get_guild_channels),
            ("GET", rf"/guilds/{s}/members/{s}", self._get_member),
            ("GET", rf"/guilds/{s}/scheduled-events", self._list_events),
            ("POST", rf"/guilds/{s}/scheduled-events", self._create_event),
            ("GET", rf"/guilds/{s}/scheduled-events/{s}", self._get_event),
            ("PATCH", rf"/guilds/{s}/scheduled-events/{s}", self._edit_event),
            ("DELETE", rf"/guilds/{s}/scheduled-events/{s}", self._delete_event),
            ("GET", rf"/guilds/{s}/scheduled-events/{s}/users", self._event_users),
        ]
        return [(m, re.compile(p), h) for m, p, h in table]
