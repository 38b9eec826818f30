"""A fake Slack (Web API, response_url, file uploads, Socket Mode) served on 127.0.0.1.

It is meant to be driven by the *real* slack_sdk / slack-bolt clients: point
``AsyncWebClient(base_url=fake.api_url)`` at it and everything, including Socket Mode's
``apps.connections.open`` and the websocket, stays on the loopback interface.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import socket
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from aiohttp import WSMsgType, web
from aiohttp.typedefs import Handler
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from paperclub_fakes.bounds import HANG
from paperclub_fakes.served import Served

JsonDict = dict[str, Any]
MethodHandler = Callable[[JsonDict], JsonDict]
T = TypeVar("T")

# slack_sdk sends these as JSON-encoded strings whenever it form-encodes or uses query params
# (files.completeUploadExternal always does); decode them so recorded args look the same
# whichever transport the caller's code path happened to use.
_JSON_ENCODED_ARGS = frozenset({"blocks", "attachments", "metadata", "view", "files"})

# What installing the shipped app grants its bot token; a fake can be given fewer.
MANIFEST = Path(__file__).resolve().parents[1] / "slack" / "manifest.socket.yml"


def manifest_scopes() -> frozenset[str]:
    loaded = yaml.safe_load(MANIFEST.read_text())
    return frozenset(loaded["oauth_config"]["scopes"]["bot"])


# The bot scope each method needs, by the kind of channel it acts on, from the methods'
# reference pages (docs.slack.dev/reference/methods/<method>, "Required scopes"). Written down
# here independently of bot/adapters/slack/scopes.py, which a test compares with this.
_BY_CHANNEL = {"C": "channels", "G": "groups", "D": "im"}
CHANNEL_SCOPES: dict[str, str] = {
    "conversations.history": "{kind}:history",
    "conversations.info": "{kind}:read",
}
METHOD_SCOPE: dict[str, str] = {
    "chat.postMessage": "chat:write",
    "chat.postEphemeral": "chat:write",
    "chat.update": "chat:write",
    "chat.delete": "chat:write",
    "conversations.open": "im:write",
    "users.info": "users:read",
    "files.getUploadURLExternal": "files:write",
    "files.completeUploadExternal": "files:write",
}

# Calls recorded for the non-Web-API endpoints, so tests can wait on them like API methods.
RESPONSE_URL = "response_url"
RESPONSE_URL_USES = 5
RESPONSE_URL_SECONDS = 30 * 60
FILE_UPLOAD = "file_upload"


@dataclass
class SlackCall:
    """One request the fake received (Web API method, response_url POST or file upload)."""

    method: str
    args: JsonDict
    http_method: str
    path: str
    headers: dict[str, str]
    token: str | None
    status: int = 200
    response: JsonDict = field(default_factory=dict)
    received_at: float = field(default_factory=time.monotonic)  # for the bench's latencies


@dataclass
class SlackAck:
    """What the app sent back over the Socket Mode websocket for one envelope."""

    envelope_id: str
    payload: JsonDict | None
    raw: JsonDict


def _text_length(node: Any) -> int:
    if isinstance(node, dict):
        return sum(
            len(v) if k == "text" and isinstance(v, str) else _text_length(v)
            for k, v in node.items()
        )
    if isinstance(node, list):
        return sum(_text_length(item) for item in node)
    return 0


def _view_refused(view: Any) -> JsonDict | None:
    """Slack's answer to a modal or App Home it won't take, as slack_sdk's View and Block Kit
    models judge it (docs.slack.dev/reference/views): a title of 1-24 characters (submit and
    close too), 1-100 blocks, private_metadata up to 3,000, callback_id up to 255; each block
    valid (a header's text up to 150 as sent: `&amp;` counts five)."""
    if not isinstance(view, dict):
        return {"ok": False, "error": "invalid_arguments"}
    try:
        View(**view).validate_json()
        for block in view.get("blocks") or []:
            Block.parse(block).validate_json()  # type: ignore[union-attr]
    except (SlackObjectFormationError, AttributeError, KeyError, TypeError) as exc:
        return {
            "ok": False,
            "error": "invalid_arguments",
            "response_metadata": {"messages": [f"[ERROR] {exc}"]},
        }
    return None


def _truthy(value: Any) -> bool:
    # slack_sdk turns booleans into "1"/"0" in query/form params but keeps them in JSON bodies.
    return value in (True, 1, "1", "true", "True")


def _bind_localhost() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@asynccontextmanager
async def serve_app(app: web.Application) -> AsyncIterator[str]:
    """Serve an aiohttp app (e.g. Bolt's ``app.web_app()``) on 127.0.0.1; yield its base URL."""
    runner = web.AppRunner(app, shutdown_timeout=1.0)
    await runner.setup()
    sock = _bind_localhost()
    port = sock.getsockname()[1]
    site = web.SockSite(runner, sock)
    await site.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


class FakeSlack(Served):
    """Fake Slack Web API + Socket Mode server. Use as ``async with FakeSlack() as fake:``."""

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

        self._handlers: dict[str, MethodHandler] = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
            "conversations.info": self._conversations_info,
            "conversations.open": self._conversations_open,
            "users.info": self._users_info,
            "views.open": self._views_open,
            "views.push": self._views_open,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
            "apps.connections.open": self._apps_connections_open,
            "oauth.v2.access": self._oauth_v2_access,
        }

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        self._cond = asyncio.Condition()
        app = web.Application(middlewares=[self._count_connection])
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/response/{response_id}", self._handle_response_url)
        app.router.add_post("/upload/{file_id}", self._handle_upload)
        app.router.add_get("/socket", self._handle_socket)
        app.router.add_get("/private/{file_id}/{name}", self._handle_private_file)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = _bind_localhost()
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    @web.middleware
    async def _count_connection(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        # A client's TCP connection is its address and port: a new one per connect.
        if request.transport is not None:
            self.connections.add(request.transport.get_extra_info("peername"))
        return await handler(request)

    async def close(self) -> None:
        # Open websockets would otherwise keep their handlers (and the shutdown) waiting.
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ------------------------------------------------------------------ addresses

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

    def new_response_url(self, response_id: str | None = None) -> str:
        return f"{self.base_url}/response/{response_id or self._new_id('R')}"

    # ------------------------------------------------------------------ configuration

    def add_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        real_name: str | None = None,
        is_admin: bool = False,
        is_owner: bool = False,
        is_bot: bool = False,
        tz: str = "UTC",
        locale: str = "en-US",
        **extra: Any,
    ) -> JsonDict:
        name = name or user_id.lower()
        user: JsonDict = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "real_name": real_name or name,
            "deleted": False,
            "is_admin": is_admin,
            "is_owner": is_owner,
            "is_primary_owner": False,
            "is_bot": is_bot,
            "tz": tz,
            "locale": locale,  # answered only to include_locale=true, as Slack does
            "profile": {"display_name": name, "real_name": real_name or name},
            **extra,
        }
        self.users[user_id] = user
        return user

    def add_channel(
        self, channel_id: str, *, name: str | None = None, is_private: bool = False, **extra: Any
    ) -> JsonDict:
        channel: JsonDict = {
            "id": channel_id,
            "name": name or channel_id.lower(),
            "is_channel": not channel_id.startswith("D"),
            "is_im": channel_id.startswith("D"),
            "is_private": is_private,
            "is_archived": False,
            "is_member": True,
            "created": self._ts_base,
            **extra,
        }
        self.channels[channel_id] = channel
        return channel

    def add_message(
        self, channel: str, text: str, *, user: str = "U0HUMAN01", **extra: Any
    ) -> JsonDict:
        """Seed a message (e.g. from a human) into a channel's history."""
        message: JsonDict = {
            "type": "message",
            "ts": self._next_ts(),
            "user": user,
            "text": text,
            **extra,
        }
        self.messages.setdefault(channel, []).append(message)
        return message

    def rate_limit(self, method: str, count: int = 1, retry_after: int = 1) -> None:
        """Answer the next ``count`` calls of ``method`` with HTTP 429 and ``Retry-After``."""
        self._rate_limits[method] = [count, retry_after]

    def fail_next(self, method: str, error: str, count: int = 1) -> None:
        """Answer the next ``count`` calls of ``method`` with ``{"ok": false, "error": error}``."""
        self._failures[method] = [count, error]

    def answer_next(self, method: str, body: JsonDict, count: int = 1) -> None:
        """Answer the next ``count`` calls of ``method`` with ``body`` as it is, however
        malformed (``{"ok": true}`` with no ``user``): what a proxy or an API change can send."""
        self._verbatim[method] = [count, body]

    def add_oauth_code(
        self,
        code: str,
        *,
        team_id: str,
        team_name: str | None = None,
        bot_token: str | None = None,
        installer: str = "U0INSTALL1",
        scope: str = "commands,chat:write",
    ) -> str:
        """Let oauth.v2.access exchange ``code`` once for a bot token in ``team_id``; return it.

        auth.test then answers for that team when called with the token, as Slack does.
        """
        token = bot_token or f"xoxb-{team_id}-{self._new_id('')}"
        self.oauth_codes[code] = {
            "ok": True,
            "app_id": self.app_id,
            "authed_user": {"id": installer},
            "scope": scope,
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": self.bot_user_id,
            "team": {"id": team_id, "name": team_name or team_id},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        self.token_teams[token] = team_id
        return token

    def hold(self, method: str) -> asyncio.Event:
        """Keep calls of ``method`` waiting until the returned event is set: a slow Slack."""
        gate = self._holds[method] = asyncio.Event()
        return gate

    async def wait_waiting(self, method: str, count: int = 1, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Until ``count`` calls of a held ``method`` are waiting."""
        await self._wait(
            lambda: True if self.waiting.get(method, 0) >= count else None,
            timeout,
            f"{count} waiting {method} calls",
        )

    def set_handler(self, method: str, handler: MethodHandler) -> None:
        """Add or replace a Web API method; the handler gets the parsed args, returns the body."""
        self._handlers[method] = handler

    # ------------------------------------------------------------------ inspection

    def calls_to(self, method: str) -> list[SlackCall]:
        return [c for c in self.calls if c.method == method]

    def history(self, channel: str) -> list[JsonDict]:
        return list(self.messages.get(channel, []))

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[SlackCall], bool] | None = None,
        # The brief's test API takes a timeout; a failure names what was awaited and what came.
        timeout: float = HANG,  # noqa: ASYNC109
        *,
        since: int = 0,
    ) -> SlackCall:
        """Return the first call of ``method`` (recorded already or later) matching ``predicate``.

        ``since`` skips calls with a lower index in ``fake.calls``; pass ``len(fake.calls)``
        taken before an action to wait only for calls that action causes.
        """

        def find() -> SlackCall | None:
            for call in self.calls[since:]:
                if call.method == method and (predicate is None or predicate(call)):
                    return call
            return None

        return await self._wait(find, timeout, f"a {method} call")

    async def wait_socket_connected(self, count: int = 1, timeout: float = HANG) -> None:  # noqa: ASYNC109
        """Wait until ``count`` websocket connections have been opened in total."""
        await self._wait(
            lambda: True if self.socket_connections >= count and self._sockets else None,
            timeout,
            f"socket connection #{count}",
        )

    async def socket_send(self, envelope: JsonDict, timeout: float = HANG) -> str:  # noqa: ASYNC109
        """Push an envelope to the newest Socket Mode connection; return its ``envelope_id``."""
        await self.wait_socket_connected(timeout=timeout)
        envelope = dict(envelope)
        envelope.setdefault("envelope_id", self._new_id("env-"))
        self.sent_envelopes.append(envelope)
        await self._sockets[-1].send_str(json.dumps(envelope))
        return str(envelope["envelope_id"])

    async def socket_request_disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the client to reconnect, as Slack does a few times an hour."""
        await self.wait_socket_connected()
        await self._sockets[-1].send_str(
            json.dumps({"type": "disconnect", "reason": reason, "debug_info": {"host": "fake"}})
        )

    async def wait_ack(self, envelope_id: str, timeout: float = HANG) -> SlackAck:  # noqa: ASYNC109
        return await self._wait(lambda: self.acks.get(envelope_id), timeout, f"ack {envelope_id}")

    # ------------------------------------------------------------------ internals

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

    @staticmethod
    async def _read_args(request: web.Request) -> JsonDict:
        args: JsonDict = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    args.update(body)
            else:
                form = await request.post()
                for key, value in form.items():
                    args[key] = value.file.read() if isinstance(value, web.FileField) else value
        for key in _JSON_ENCODED_ARGS & args.keys():
            value = args[key]
            if isinstance(value, str) and value[:1] in ("[", "{"):
                args[key] = json.loads(value)
        return args

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await self._read_args(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None
        token = args.pop("token", None) or token
        call = SlackCall(
            method=method,
            args=args,
            http_method=request.method,
            path=request.path,
            headers=dict(request.headers),
            token=token,
        )
        headers: dict[str, str] = {}
        gate = self._holds.get(method)
        if gate is not None and not gate.is_set():
            self.waiting[method] = self.waiting.get(method, 0) + 1
            await self._notify()
            await gate.wait()

        limit = self._rate_limits.get(method)
        failure = self._failures.get(method)
        verbatim = self._verbatim.get(method)
        if method == "conversations.history" and self._history_rate_limited():
            call.status = 429
            call.response = {"ok": False, "error": "ratelimited"}
            headers["Retry-After"] = "60"
        elif limit and limit[0] > 0:
            limit[0] -= 1
            call.status = 429
            call.response = {"ok": False, "error": "ratelimited"}
            headers["Retry-After"] = str(limit[1])
        elif failure and failure[0] > 0:
            failure[0] -= 1
            call.response = {"ok": False, "error": failure[1]}
        elif verbatim and verbatim[0] > 0:
            verbatim[0] -= 1
            call.response = copy.deepcopy(verbatim[1])
        elif (
            self.valid_tokens is not None
            and token not in self.valid_tokens
            # Authenticated by the app's client id and secret (HTTP Basic), not a token.
            and method != "oauth.v2.access"
        ):
            call.response = {"ok": False, "error": "not_authed" if not token else "invalid_auth"}
        elif method == "apps.connections.open" and not (token or "").startswith("xapp-"):
            # Slack only opens sockets for app-level tokens; catches passing the bot token.
            call.response = {"ok": False, "error": "not_allowed_token_type"}
        elif method not in self._handlers:
            call.response = {"ok": False, "error": "unknown_method"}
        elif (needed := self._needed_scope(method, args)) is not None:
            call.response = {
                "ok": False,
                "error": "missing_scope",
                "needed": needed,
                "provided": ",".join(sorted(self.scopes)),
            }
        else:
            # Handlers are synchronous, so this is the token of the call being answered.
            self._token = token
            call.response = self._handlers[method](args)

        await self._record(call)
        return web.json_response(call.response, status=call.status, headers=headers)

    def _history_rate_limited(self) -> bool:
        if self.history_per_minute is None:
            return False
        now = self.clock()
        recent = [t for t in self._history_calls if now - t < 60]
        if len(recent) >= self.history_per_minute:
            return True
        self._history_calls = [*recent, now]
        return False

    def _needed_scope(self, method: str, args: JsonDict) -> str | None:
        """The scope this call lacks, or None. App-level and OAuth calls carry no bot scope."""
        needed = METHOD_SCOPE.get(method)
        if method in CHANNEL_SCOPES:
            channel = self.channels.get(str(args.get("channel") or ""), {})
            kind = "D" if channel.get("is_im") else "G" if channel.get("is_private") else "C"
            needed = CHANNEL_SCOPES[method].format(kind=_BY_CHANNEL[kind])
        return needed if needed is not None and needed not in self.scopes else None

    async def _handle_response_url(self, request: web.Request) -> web.Response:
        body = await request.json() if request.can_read_body else {}
        response_id = request.match_info["response_id"]
        # Slack takes five posts to one response_url, within 30 minutes of the interaction
        # (its docs on handling interactions); past that the post is refused, not shown.
        uses = self.response_url_uses.setdefault(response_id, [])
        first = uses[0] if uses else self.clock()
        refused = len(uses) >= RESPONSE_URL_USES or self.clock() - first > RESPONSE_URL_SECONDS
        call = SlackCall(
            method=RESPONSE_URL,
            args={**body, "response_id": response_id},
            http_method=request.method,
            path=request.path,
            headers=dict(request.headers),
            token=None,
            response={"ok": False, "error": "used_url"} if refused else {"ok": True},
            status=404 if refused else 200,
        )
        if not refused:
            uses.append(self.clock())
        await self._record(call)
        return web.json_response(call.response, status=call.status)

    async def _handle_upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        content = await request.read()
        record = self.files.get(file_id)
        status = 200 if record is not None else 404
        if record is not None:
            record["content"] = content
            record["size"] = len(content)
        call = SlackCall(
            method=FILE_UPLOAD,
            args={"file_id": file_id, "content": content},
            http_method=request.method,
            path=request.path,
            headers=dict(request.headers),
            token=None,
            status=status,
        )
        await self._record(call)
        return web.Response(status=status, text=f"OK - {len(content)}")

    def add_member_file(self, name: str, content: bytes, *, size: int | None = None) -> JsonDict:
        """A file a member attached in a form (file_input): the object Slack puts in the view
        state. Its `url_private` is served here and needs a bot token, as on Slack."""
        file_id = f"F{len(self.private_files) + 1:08d}"
        self.private_files[file_id] = content
        url = f"{self.base_url}/private/{file_id}/{name}"
        return {
            "id": file_id,
            "name": name,
            "title": name,
            "size": len(content) if size is None else size,
            "url_private": url,
            "url_private_download": url,
        }

    async def _handle_private_file(self, request: web.Request) -> web.Response:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        self.private_downloads.append(token)
        if not token.startswith("xoxb-"):
            # Slack answers an unauthenticated file request with its login page, not the file.
            return web.Response(status=302, headers={"Location": "https://slack.com/signin"})
        content = self.private_files.get(request.match_info["file_id"])
        if content is None or "files:read" not in self.scopes:
            raise web.HTTPNotFound()
        return web.Response(body=content, content_type="application/octet-stream")

    async def _handle_socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        self.socket_connections += 1
        await ws.send_str(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": len(self._sockets),
                    "debug_info": {"host": "fake-applink", "approximate_connection_time": 18060},
                    "connection_info": {"app_id": self.app_id},
                }
            )
        )
        await self._notify()
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                data = json.loads(msg.data)
                if isinstance(data, dict) and "envelope_id" in data:
                    eid = str(data["envelope_id"])
                    self.acks[eid] = SlackAck(
                        envelope_id=eid, payload=data.get("payload"), raw=data
                    )
                    await self._notify()
        finally:
            self._sockets.remove(ws)
        return ws

    # ------------------------------------------------------------------ Web API methods

    def _auth_test(self, args: JsonDict) -> JsonDict:
        team_id = self.token_teams.get(self._token or "", self.team_id)
        return {
            "ok": True,
            "url": "https://paperclub-test.slack.com/",
            "team": self.team_name if team_id == self.team_id else team_id,
            "user": "paperclub",
            "team_id": team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _bot_message(self, args: JsonDict, ts: str) -> JsonDict:
        message: JsonDict = {
            "type": "message",
            "subtype": "bot_message",
            "ts": ts,
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
            "text": args.get("text", ""),
        }
        for key in ("blocks", "attachments", "metadata", "thread_ts"):
            if key in args:
                message[key] = args[key]
        return message

    def _not_a_member(self, channel_id: str) -> JsonDict | None:
        """Slack's answer to posting where the bot is not a member: a public channel says
        not_in_channel; a private one the bot can't see at all, so it is not found."""
        channel = self.channels.get(channel_id)
        if channel is None or channel.get("is_member", True) or channel.get("is_im"):
            return None
        if channel.get("is_private"):
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": False, "error": "not_in_channel"}

    @staticmethod
    def _blocks_refused(args: JsonDict) -> JsonDict | None:
        """Slack's answers to blocks it won't take: invalid_blocks for a malformed block (as
        slack_sdk's own Block Kit models judge it) or more than 50; msg_blocks_too_long past
        about 12,000 characters of text in all (undocumented; Slack maintainers' figure)."""
        blocks = args.get("blocks")
        if not blocks:
            return None
        if len(blocks) > 50:
            return {"ok": False, "error": "invalid_blocks"}
        for block in blocks:
            try:
                Block.parse(block).validate_json()  # type: ignore[union-attr]
            except (SlackObjectFormationError, AttributeError, KeyError, TypeError):
                return {"ok": False, "error": "invalid_blocks"}
        if _text_length(blocks) > 12_000:
            return {"ok": False, "error": "msg_blocks_too_long"}
        return None

    def _chat_post_message(self, args: JsonDict) -> JsonDict:
        channel = args.get("channel")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if (refused := self._blocks_refused(args)) is not None:
            return refused
        if (refused := self._not_a_member(str(channel))) is not None:
            return refused
        if not any(args.get(k) for k in ("text", "blocks", "attachments")):
            return {"ok": False, "error": "no_text"}
        message = self._bot_message(args, self._next_ts())
        self.messages.setdefault(channel, []).append(message)
        return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}

    def _chat_post_ephemeral(self, args: JsonDict) -> JsonDict:
        channel, user = args.get("channel"), args.get("user")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if not user:
            return {"ok": False, "error": "user_not_in_channel"}
        if (refused := self._not_a_member(str(channel))) is not None:
            return refused
        if (refused := self._blocks_refused(args)) is not None:
            return refused
        message = self._bot_message(args, self._next_ts())
        self.ephemerals.append({**message, "channel": channel, "to_user": user})
        return {"ok": True, "message_ts": message["ts"]}

    def _find_message(self, channel: Any, ts: Any) -> JsonDict | None:
        for message in self.messages.get(str(channel), []):
            if message["ts"] == ts:
                return message
        return None

    def _chat_update(self, args: JsonDict) -> JsonDict:
        channel, ts = args.get("channel"), args.get("ts")
        message = self._find_message(channel, ts)
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in args:
                message[key] = args[key]
        message["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "text": message.get("text", ""),
            "message": message,
        }

    def _chat_delete(self, args: JsonDict) -> JsonDict:
        channel, ts = args.get("channel"), args.get("ts")
        message = self._find_message(channel, ts)
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        self.messages[str(channel)].remove(message)
        return {"ok": True, "channel": channel, "ts": ts}

    @staticmethod
    def _page(
        items: list[JsonDict], args: JsonDict, *, include_metadata: bool, page_max: int = 1000
    ) -> JsonDict:
        start = int(args.get("cursor") or 0)
        limit = min(int(args.get("limit") or 100), page_max)
        page = items[start : start + limit]
        if not include_metadata:
            page = [{k: v for k, v in m.items() if k != "metadata"} for m in page]
        has_more = start + limit < len(items)
        return {
            "ok": True,
            "messages": page,
            "has_more": has_more,
            "response_metadata": {"next_cursor": str(start + limit) if has_more else ""},
        }

    def _conversations_history(self, args: JsonDict) -> JsonDict:
        channel = args.get("channel")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if (refused := self._not_a_member(str(channel))) is not None:
            return refused
        inclusive = _truthy(args.get("inclusive"))
        oldest = float(args.get("oldest") or 0)
        latest = float(args["latest"]) if args.get("latest") else float("inf")

        def in_range(ts: float) -> bool:
            if inclusive:
                return oldest <= ts <= latest
            return oldest < ts < latest

        # Like Slack: thread replies stay out of the channel history, newest first.
        top_level = [
            m
            for m in self.messages.get(str(channel), [])
            if m.get("thread_ts") in (None, m["ts"]) and in_range(float(m["ts"]))
        ]
        top_level.sort(key=lambda m: float(m["ts"]), reverse=True)
        # Slack only returns message metadata here when asked for it.
        include = _truthy(args.get("include_all_metadata"))
        return self._page(top_level, args, include_metadata=include, page_max=self.history_page_max)

    def _conversations_replies(self, args: JsonDict) -> JsonDict:
        channel, ts = str(args.get("channel")), args.get("ts")
        thread = [
            m for m in self.messages.get(channel, []) if m["ts"] == ts or m.get("thread_ts") == ts
        ]
        if not thread:
            return {"ok": False, "error": "thread_not_found"}
        thread.sort(key=lambda m: float(m["ts"]))
        include = _truthy(args.get("include_all_metadata"))
        return self._page(thread, args, include_metadata=include)

    def _conversations_info(self, args: JsonDict) -> JsonDict:
        channel_id = args.get("channel")
        if not channel_id:
            return {"ok": False, "error": "channel_not_found"}
        channel = self.channels.get(channel_id) or self.add_channel(str(channel_id))
        if channel["is_private"] and not channel["is_member"] and not channel["is_im"]:
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "channel": channel}

    def _conversations_open(self, args: JsonDict) -> JsonDict:
        """The app's DM with one member: the same channel id every time, like Slack."""
        users = [u for u in str(args.get("users") or "").split(",") if u]
        if len(users) != 1:
            return {"ok": False, "error": "users_list_not_supplied" if not users else "not_allowed"}
        known = self.users.get(users[0])
        if known is not None and known.get("deleted"):
            return {"ok": False, "error": "user_disabled"}  # a deactivated member
        if known is not None and known.get("is_bot"):
            return {"ok": False, "error": "cannot_dm_bot"}
        dm_id = "D" + users[0].removeprefix("U")
        channel = self.channels.get(dm_id) or self.add_channel(
            dm_id, is_private=True, user=users[0]
        )
        return {"ok": True, "channel": {"id": channel["id"]}}

    def _users_info(self, args: JsonDict) -> JsonDict:
        user_id = args.get("user")
        if not user_id:
            return {"ok": False, "error": "user_not_found"}
        user = self.users.get(user_id) or self.add_user(str(user_id))
        # A workspace's token sees its own members (and, for older tests, the default team's).
        asking = self.token_teams.get(self._token or "")
        if asking is not None and user["team_id"] not in (asking, self.team_id):
            return {"ok": False, "error": "user_not_found"}
        if str(args.get("include_locale", "")).lower() in ("1", "true"):
            return {"ok": True, "user": user}
        return {"ok": True, "user": {k: v for k, v in user.items() if k != "locale"}}

    def _store_view(self, view: JsonDict, view_id: str, *, previous: JsonDict | None) -> JsonDict:
        stored: JsonDict = {
            "id": view_id,
            "team_id": self.team_id,
            "type": view.get("type", "modal"),
            "callback_id": view.get("callback_id", ""),
            "private_metadata": view.get("private_metadata", ""),
            "external_id": view.get("external_id", ""),
            "blocks": view.get("blocks", []),
            "state": {"values": {}},
            "hash": self._new_id("h"),
            "root_view_id": (previous or {}).get("root_view_id", view_id),
            "previous_view_id": None,
            "app_id": self.app_id,
            "bot_id": self.bot_id,
        }
        # Keep the caller's other view fields (title, submit, close, ...) as Slack echoes them.
        stored.update({k: v for k, v in view.items() if k not in stored})
        self.views[view_id] = stored
        return stored

    def _views_open(self, args: JsonDict) -> JsonDict:
        trigger = args.get("trigger_id")
        if not trigger:
            return {"ok": False, "error": "invalid_trigger_id"}
        if trigger in self._used_triggers:  # a trigger opens one view, once
            return {"ok": False, "error": "exchanged_trigger_id"}
        self._used_triggers.add(str(trigger))
        view = args.get("view")
        if (refused := _view_refused(view)) is not None or not isinstance(view, dict):
            return refused or {"ok": False, "error": "invalid_arguments"}
        return {"ok": True, "view": self._store_view(view, self._new_id("V"), previous=None)}

    def _views_update(self, args: JsonDict) -> JsonDict:
        view = args.get("view")
        if (refused := _view_refused(view)) is not None or not isinstance(view, dict):
            return refused or {"ok": False, "error": "invalid_arguments"}
        view_id = args.get("view_id")
        if not view_id and args.get("external_id"):
            view_id = next(
                (v["id"] for v in self.views.values() if v["external_id"] == args["external_id"]),
                None,
            )
        previous = self.views.get(str(view_id))
        if previous is None:
            return {"ok": False, "error": "not_found"}
        if args.get("hash") and args["hash"] != previous["hash"]:
            return {"ok": False, "error": "hash_conflict"}
        return {"ok": True, "view": self._store_view(view, str(view_id), previous=previous)}

    def _views_publish(self, args: JsonDict) -> JsonDict:
        user_id, view = args.get("user_id"), args.get("view")
        if not user_id:
            return {"ok": False, "error": "user_not_found"}
        if (refused := _view_refused(view)) is not None or not isinstance(view, dict):
            return refused or {"ok": False, "error": "invalid_arguments"}
        previous = self.home_views.get(str(user_id))
        view_id = previous["id"] if previous else self._new_id("V")
        stored = self._store_view(view, view_id, previous=previous)
        self.home_views[str(user_id)] = stored
        return {"ok": True, "view": stored}

    def _files_get_upload_url(self, args: JsonDict) -> JsonDict:
        filename, length = args.get("filename"), args.get("length")
        if not filename or length is None:
            return {"ok": False, "error": "invalid_arguments"}
        file_id = self._new_id("F")
        self.files[file_id] = {
            "id": file_id,
            "name": filename,
            "title": filename,
            "size": int(length),
            "content": None,
            "completed": False,
        }
        return {"ok": True, "upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}

    def _files_complete_upload(self, args: JsonDict) -> JsonDict:
        requested = args.get("files")
        if not isinstance(requested, list) or not requested:
            return {"ok": False, "error": "invalid_arguments"}
        done: list[JsonDict] = []
        for item in requested:
            record = self.files.get(str(item.get("id")))
            if record is None or record["content"] is None:
                return {"ok": False, "error": "file_not_found"}
            record["completed"] = True
            if item.get("title"):
                record["title"] = item["title"]
            done.append({k: v for k, v in record.items() if k != "content"})
        channels = [c for c in str(args.get("channels") or "").split(",") if c]
        if args.get("channel_id"):
            channels.append(str(args["channel_id"]))
        for channel in channels:
            # Sharing a file posts a message, which a reclaim check on history must be able to see.
            share = self._bot_message(
                {"text": args.get("initial_comment", ""), "thread_ts": args.get("thread_ts")},
                self._next_ts(),
            )
            if share["thread_ts"] is None:
                del share["thread_ts"]
            share["files"] = done
            self.messages.setdefault(channel, []).append(share)
        return {"ok": True, "files": done}

    def _apps_connections_open(self, args: JsonDict) -> JsonDict:
        return {"ok": True, "url": self.socket_url}

    def _oauth_v2_access(self, args: JsonDict) -> JsonDict:
        # A code is good once, like Slack's (which also expire after ten minutes).
        grant = self.oauth_codes.pop(str(args.get("code")), None)
        return grant if grant is not None else {"ok": False, "error": "invalid_code"}
