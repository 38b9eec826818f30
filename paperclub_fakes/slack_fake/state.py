"""The fake Slack's state and what every API family uses: ids, timestamps, waiting, recording."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from paperclub_fakes.served import Served
from paperclub_fakes.slack_fake.records import JsonDict, MethodHandler, SlackAck, SlackCall, T
from paperclub_fakes.slack_fake.scopes import manifest_scopes


class SlackState(Served):
    """What every part of the fake Slack shares: its workspace, users, channels, messages,
    views, files and recorded calls."""

    def __init__(
        self,
        *,
        team_id: str = "T0FAKE001",
        team_name: str = "Paper Club Test",
        bot_user_id: str = "U0BOT0001",
        bot_id: str = "B0BOT0001",
        app_id: str = "A0APP0001",
        valid_tokens: set[str] | None = None,
        scopes: frozenset[str] | None = None,
    ) -> None:
        self.team_id = team_id
        self.team_name = team_name
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        # None accepts any token; a set makes other tokens fail with invalid_auth like Slack does.
        self.valid_tokens = valid_tokens
        # The bot token's scopes: a method needing another answers missing_scope, like Slack.
        self.scopes = manifest_scopes() if scopes is None else scopes

        self.calls: list[SlackCall] = []
        self.messages: dict[str, list[JsonDict]] = {}
        self.ephemerals: list[JsonDict] = []
        self.views: dict[str, JsonDict] = {}
        self.home_views: dict[str, JsonDict] = {}
        self.files: dict[str, JsonDict] = {}
        self.private_files: dict[str, bytes] = {}  # files members attached in forms
        self.private_downloads: list[str] = []  # the token of each download, in order
        self.users: dict[str, JsonDict] = {}
        self.channels: dict[str, JsonDict] = {}
        self.acks: dict[str, SlackAck] = {}
        self.sent_envelopes: list[JsonDict] = []
        self.socket_connections = 0
        # OAuth: codes oauth.v2.access exchanges once, and the team each issued token is for.
        self.oauth_codes: dict[str, JsonDict] = {}
        self.token_teams: dict[str, str] = {}
        self._token: str | None = None

        self._rate_limits: dict[str, list[int]] = {}
        self._failures: dict[str, list[Any]] = {}
        self._verbatim: dict[str, list[Any]] = {}
        self._cuts: dict[str, int] = {}
        self._holds: dict[str, asyncio.Event] = {}
        self.waiting: dict[str, int] = {}  # calls of a held method waiting for release
        self._ids = itertools.count(1)
        self._ts_counter = itertools.count(1)
        self._ts_base = int(time.time())
        # Message timestamps follow this clock (a test sets it to the bot's).
        self.clock: Callable[[], float] = time.time
        # conversations.history as Slack serves apps distributed outside the Marketplace since
        # 29 May 2025: never more than 15 messages a page; with history_per_minute set, that
        # many requests a minute per workspace (by `clock`), then 429 with Retry-After.
        self.history_page_max = 15
        self.history_per_minute: int | None = None
        self._history_calls: list[float] = []
        self._used_triggers: set[str] = set()
        # When each post to a response_url was taken, by its id (five at most, see below).
        self.response_url_uses: dict[str, list[float]] = {}
        self._sockets: list[web.WebSocketResponse] = []
        self._cond: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        # Every TCP connection a client opened to this Slack (the bot should keep a few open).
        self.connections: set[tuple[str, int]] = set()

        self._handlers: dict[str, MethodHandler] = self._method_table()

    def _method_table(self) -> dict[str, MethodHandler]:
        """The Web API methods; FakeSlack lists them (each part adds its own)."""
        return {}

    async def close(self) -> None:
        # Open websockets would otherwise keep their handlers (and the shutdown) waiting.
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeSlack is not started")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """Pass as ``AsyncWebClient(base_url=...)``; the trailing slash matters to slack_sdk."""
        return f"{self.base_url}/api/"

    @property
    def socket_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/socket"

    async def _wait(self, find: Callable[[], T | None], within: float, what: str) -> T:
        assert self._cond is not None, "FakeSlack is not started"
        async with self._cond:
            try:
                async with asyncio.timeout(within):
                    while (found := find()) is None:
                        await self._cond.wait()
            except TimeoutError:
                seen = [f"{c.method}({c.status})" for c in self.calls]
                raise AssertionError(
                    f"timed out after {within}s waiting for {what}; calls so far: {seen}"
                ) from None
        return found

    async def _notify(self) -> None:
        assert self._cond is not None
        async with self._cond:
            self._cond.notify_all()

    async def _record(self, call: SlackCall) -> None:
        self.calls.append(call)
        await self._notify()

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}FAKE{next(self._ids):06d}"

    def _next_ts(self) -> str:
        # Unique and increasing, in the clock's second (Slack's ts are microseconds).
        return f"{int(self.clock())}.{next(self._ts_counter):06d}"

    def _not_a_member(self, channel_id: str) -> JsonDict | None:
        """Slack's answer to posting where the bot is not a member: a public channel says
        not_in_channel; a private one the bot can't see at all, so it is not found."""
        channel = self.channels.get(channel_id)
        if channel is None or channel.get("is_member", True) or channel.get("is_im"):
            return None
        if channel.get("is_private"):
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": False, "error": "not_in_channel"}
