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

# The waiters take ``timeout=`` on purpose: it is the API tests call, not a cancellation scope.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import re
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final, TypeVar

import discord
from aiohttp import BodyPartReader, WSMsgType, web

from paperclub_fakes import discord_rules
from paperclub_fakes.bounds import HANG
from paperclub_fakes.served import Served

JSON = dict[str, Any]
T = TypeVar("T")

API_PREFIX: Final = "/api/v10"
TOKEN: Final = "fake-bot-token"
DISCORD_EPOCH_MS: Final = 1_420_070_400_000

# Fixed ids so tests and assertions can refer to them without looking them up.
APP_ID: Final = 1_100_000_000_000_000_001  # Discord gives a bot user the application's id.
BOT_USER_ID: Final = APP_ID
OWNER_ID: Final = 1_100_000_000_000_000_002
MEMBER_ID: Final = 1_100_000_000_000_000_003
GUILD_ID: Final = 1_200_000_000_000_000_001
EVERYONE_ROLE_ID: Final = GUILD_ID  # @everyone's role id is the guild id.
ORGANIZER_ROLE_ID: Final = 1_200_000_000_000_000_010
BOT_ROLE_ID: Final = 1_200_000_000_000_000_011
CATEGORY_ID: Final = 1_200_000_000_000_000_100
TEXT_CHANNEL_ID: Final = 1_200_000_000_000_000_101
VOICE_CHANNEL_ID: Final = 1_200_000_000_000_000_102
FORUM_CHANNEL_ID: Final = 1_200_000_000_000_000_103

EVERYONE_PERMISSIONS: Final = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    read_message_history=True,
    add_reactions=True,
    embed_links=True,
    attach_files=True,
    use_application_commands=True,
    connect=True,
    speak=True,
    send_polls=True,
).value
ORGANIZER_PERMISSIONS: Final = discord.Permissions(
    manage_events=True, create_events=True, manage_messages=True, manage_threads=True
).value
BOT_PERMISSIONS: Final = discord.Permissions(
    manage_events=True,
    create_events=True,
    manage_messages=True,
    manage_threads=True,
    create_private_threads=True,
    mention_everyone=True,
).value
ALL_PERMISSIONS: Final = discord.Permissions.all().value

# Intent bits that gate which gateway events Discord sends.
_INTENT_GUILDS: Final = 1 << 0
_INTENT_GUILD_MEMBERS: Final = 1 << 1
_INTENT_GUILD_MESSAGES: Final = 1 << 9
_INTENT_DIRECT_MESSAGES: Final = 1 << 12
_INTENT_GUILD_SCHEDULED_EVENTS: Final = 1 << 16

_THREAD_TYPES: Final = frozenset({10, 11, 12})
_FLAG_EPHEMERAL: Final = 1 << 6
_FLAG_LOADING: Final = 1 << 7
# Edits of one interaction's messages Discord takes in a window of seconds (see _count_edit).
EDITS_PER_WINDOW: Final = 5
EDITS_WINDOW: Final = 5.0


def real_now() -> datetime:
    return datetime.now(UTC)


def _iso(dt: datetime) -> str:
    return dt.isoformat()


_counter = itertools.count()


def snowflake(at: datetime | None = None) -> int:
    """A fresh id whose timestamp is now (or `at`: the fake's own clock), as Discord's are
    (discord.py derives created_at, and `history(after=a time)` pages by it)."""
    ms = int((at.timestamp() if at is not None else time.time()) * 1000) - DISCORD_EPOCH_MS
    return (ms << 22) | (next(_counter) % (1 << 22))


# ---------------------------------------------------------------------------
# Object builders (Discord API v10 shapes)
# ---------------------------------------------------------------------------


def user(user_id: int, username: str, *, global_name: str | None = None, bot: bool = False) -> JSON:
    return {
        "id": str(user_id),
        "username": username,
        "discriminator": "0",
        "global_name": global_name if global_name is not None else username.title(),
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
        "collectibles": None,
        "primary_guild": None,
    }


def member(
    member_user: JSON,
    *,
    roles: Sequence[int] = (),
    nick: str | None = None,
    joined: datetime | None = None,
) -> JSON:
    return {
        "user": member_user,
        "roles": [str(r) for r in roles],
        "nick": nick,
        "avatar": None,
        "banner": None,
        "joined_at": _iso(joined or datetime(2024, 1, 1, tzinfo=UTC)),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
    }


def role(
    role_id: int, name: str, *, permissions: int, position: int = 0, managed: bool = False
) -> JSON:
    return {
        "id": str(role_id),
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": str(permissions),
        "managed": managed,
        "mentionable": False,
        "flags": 0,
    }


# The fields each kind of channel adds to the common ones, as Discord sends them.
_TEXT_FIELDS: Final[JSON] = {
    "topic": None,
    "last_message_id": None,
    "rate_limit_per_user": 0,
    "default_auto_archive_duration": 1440,
    "default_thread_rate_limit_per_user": 0,
}
_VOICE_FIELDS: Final[JSON] = {
    "bitrate": 64000,
    "user_limit": 0,
    "rtc_region": None,
    "video_quality_mode": 1,
    "last_message_id": None,
    "rate_limit_per_user": 0,
}
# A forum has a text channel's fields (topic, slow mode, archive default) and its tags.
_FORUM_FIELDS: Final[JSON] = {
    **_TEXT_FIELDS,
    "available_tags": [],
    "default_reaction_emoji": None,
    "default_sort_order": None,
    "default_forum_layout": 0,
}


def _base_channel(
    channel_id: int,
    guild_id: int,
    name: str,
    type_: int,
    position: int,
    parent_id: int | None,
    fields: JSON | None = None,
) -> JSON:
    return {
        "id": str(channel_id),
        "guild_id": str(guild_id),
        "name": name,
        "type": type_,
        "position": position,
        "permission_overwrites": [],
        "parent_id": str(parent_id) if parent_id else None,
        "nsfw": False,
        "flags": 0,
        **copy.deepcopy(fields or {}),  # each channel its own lists, as the fake edits them
    }


def category_channel(channel_id: int, guild_id: int, name: str, *, position: int = 0) -> JSON:
    return _base_channel(channel_id, guild_id, name, 4, position, None)


def text_channel(
    channel_id: int, guild_id: int, name: str, *, position: int = 0, parent_id: int | None = None
) -> JSON:
    return _base_channel(channel_id, guild_id, name, 0, position, parent_id, _TEXT_FIELDS)


def voice_channel(
    channel_id: int, guild_id: int, name: str, *, position: int = 0, parent_id: int | None = None
) -> JSON:
    return _base_channel(channel_id, guild_id, name, 2, position, parent_id, _VOICE_FIELDS)


def forum_channel(
    channel_id: int, guild_id: int, name: str, *, position: int = 0, parent_id: int | None = None
) -> JSON:
    return _base_channel(channel_id, guild_id, name, 15, position, parent_id, _FORUM_FIELDS)


BOT_USER: Final = user(BOT_USER_ID, "paperclub", global_name="Paperclub", bot=True)
OWNER_USER: Final = user(OWNER_ID, "ada", global_name="Ada")
MEMBER_USER: Final = user(MEMBER_ID, "grace", global_name="Grace")


@dataclass
class FakeGuild:
    """A guild as GUILD_CREATE describes it. The bot's member entry is added automatically."""

    id: int
    name: str
    owner_id: int
    roles: list[JSON]
    channels: list[JSON]
    members: list[JSON]


def default_guild() -> FakeGuild:
    """'Paper Club': owner Ada (organizer), member Grace, a category with #paper-club (text),
    'Reading Room' (voice) and #papers (forum)."""
    return FakeGuild(
        id=GUILD_ID,
        name="Paper Club",
        owner_id=OWNER_ID,
        roles=[
            role(EVERYONE_ROLE_ID, "@everyone", permissions=EVERYONE_PERMISSIONS),
            role(ORGANIZER_ROLE_ID, "Organizer", permissions=ORGANIZER_PERMISSIONS, position=1),
            role(BOT_ROLE_ID, "Paperclub", permissions=BOT_PERMISSIONS, position=2, managed=True),
        ],
        channels=[
            category_channel(CATEGORY_ID, GUILD_ID, "Club"),
            text_channel(TEXT_CHANNEL_ID, GUILD_ID, "paper-club", parent_id=CATEGORY_ID),
            voice_channel(
                VOICE_CHANNEL_ID, GUILD_ID, "Reading Room", position=1, parent_id=CATEGORY_ID
            ),
            forum_channel(FORUM_CHANNEL_ID, GUILD_ID, "papers", position=2, parent_id=CATEGORY_ID),
        ],
        members=[
            member(OWNER_USER, roles=[ORGANIZER_ROLE_ID]),
            member(MEMBER_USER),
        ],
    )


# ---------------------------------------------------------------------------
# Recording
# ---------------------------------------------------------------------------


@dataclass
class RecordedFile:
    field: str  # multipart field name, e.g. "files[0]"
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class RecordedRequest:
    seq: int
    method: str
    path: str  # relative to the API base, e.g. "/channels/123/messages"
    query: dict[str, str]
    headers: dict[str, str]
    json: Any  # the JSON body, or a multipart body's payload_json; None when empty
    files: list[RecordedFile] = field(default_factory=list)
    status: int = 0
    response: Any = None
    rate_limited: bool = False  # answered 429 by rate_limit(); discord.py retries it
    consumed: bool = False
    received_at: float = field(default_factory=time.monotonic)  # for the bench's latencies

    def __repr__(self) -> str:
        return f"<{self.method} {self.path} -> {self.status}>"


@dataclass
class _Injection:
    method: str | None
    pattern: re.Pattern[str]
    remaining: int
    status: int
    body: JSON
    headers: dict[str, str]
    rate_limit: bool


class DiscordHTTPError(Exception):
    """Raised by a route handler to answer with Discord's error envelope."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        errors: JSON | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body: JSON = {"message": message, "code": code}
        self.headers = headers or {}
        if errors:
            self.body["errors"] = errors


def _not_found(code: int, what: str) -> DiscordHTTPError:
    return DiscordHTTPError(404, code, f"Unknown {what}")


# Discord's rules for application command names and text (CHAT_INPUT), localizations included:
# a name is 1-32 characters of letters (lowercase where a letter has case), digits, - _ and ',
# a description 1-100 characters, and sibling names (default or in one locale) are unique.
_COMMAND_NAME = re.compile(r"^[-_'\w]{1,32}$")


def _check_names(items: list[JSON], where: str) -> None:
    seen: dict[str, set[str]] = {}
    for item in items:
        names = {"": item["name"], **(item.get("name_localizations") or {})}
        texts = [
            item.get("description", ""),
            *(item.get("description_localizations") or {}).values(),
        ]
        for locale, name in names.items():
            if not _COMMAND_NAME.fullmatch(name) or name != name.lower():
                raise _invalid_form(
                    f"{where}.name", f"Invalid name {name!r} ({locale or 'default'})"
                )
            if name in seen.setdefault(locale, set()):
                raise _invalid_form(f"{where}.name", f"Duplicate name {name!r} ({locale})")
            seen[locale].add(name)
        if any(not 1 <= len(text) <= 100 for text in texts):
            raise _invalid_form(f"{where}.description", "Must be between 1 and 100 in length.")
        for choice in item.get("choices") or []:
            for text in (choice["name"], *(choice.get("name_localizations") or {}).values()):
                if not 1 <= len(text) <= 100:
                    raise _invalid_form(f"{where}.choices", "Must be between 1 and 100 in length.")
        _check_names(item.get("options") or [], f"{where}.options")


def _check_command(cmd: JSON) -> None:
    if cmd.get("type", 1) == 1:
        _check_names([cmd], "commands")


def _invalid_form(field_name: str, message: str) -> DiscordHTTPError:
    errors = {field_name: {"_errors": [{"code": "BASE_TYPE_REQUIRED", "message": message}]}}
    return DiscordHTTPError(400, 50035, "Invalid Form Body", errors)


@dataclass
class _Incoming:
    method: str
    path: str
    query: Mapping[str, str]
    json: Any
    files: list[RecordedFile]
    authorized: bool


_Handler = Callable[[_Incoming, "re.Match[str]"], Any]
_MISSING: Any = object()


class _GatewayConnection:
    def __init__(self, ws: web.WebSocketResponse) -> None:
        self.ws = ws
        self.seq = 0
        self.identified = False
        self.intents = 0
        self._lock = asyncio.Lock()

    async def send(self, payload: JSON) -> None:
        async with self._lock:
            if payload.get("op") == 0:
                self.seq += 1
                payload = {**payload, "s": self.seq}
            if not self.ws.closed:
                await self.ws.send_str(json.dumps(payload))


# ---------------------------------------------------------------------------
# The fake
# ---------------------------------------------------------------------------


class FakeDiscord(Served):
    """Fake Discord gateway + REST server; ``async with FakeDiscord() as fake: ...``."""

    def __init__(
        self,
        *,
        guilds: Sequence[FakeGuild] | None = None,
        token: str = TOKEN,
        echo_events: bool = True,
        interaction_timeout: float | None = 3.0,
        heartbeat_interval_ms: int = 41_250,
        now: Callable[[], datetime] = real_now,
    ) -> None:
        self.token = token
        # Discord's "now" (events in the past are refused, polls expire). A test on a manual
        # clock passes that clock, so the platform and the bot agree on what time it is.
        self.now = now
        self.echo_events = echo_events
        self.interaction_timeout = interaction_timeout
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.bot_user: JSON = copy.deepcopy(BOT_USER)
        self.app_id = APP_ID
        self.application: JSON = {
            "id": str(APP_ID),
            "name": "Paperclub",
            "icon": None,
            "description": "Runs research paper clubs.",
            "type": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "bot": self.bot_user,
            "owner": copy.deepcopy(OWNER_USER),
            "team": None,
            "verify_key": "0" * 64,
            "flags": 1 << 19 | 1 << 23,  # GATEWAY_GUILD_MEMBERS_LIMITED | MESSAGE_CONTENT_LIMITED
            "summary": "",
            "hook": True,
            "is_monetized": False,
            "interactions_endpoint_url": None,  # discord.py warns when set: gateway-only bot
            "redirect_uris": [],
            "tags": [],
            "integration_types_config": {"0": {}},
            "approximate_guild_count": 1,
        }
        self.guilds: dict[int, JSON] = {}
        self.members: dict[int, dict[int, JSON]] = {}
        # Users Discord knows who share no server with the bot, and members who closed their
        # DMs to it: a DM to either is refused with 403 50007, as Discord refuses it.
        self.strangers: dict[int, JSON] = {}
        self.dms_closed: set[int] = set()
        # Each member's client language, sent as an interaction's `locale` ("ko", "en-US").
        self.user_locales: dict[int, str] = {}
        self.channels: dict[int, JSON] = {}
        for g in guilds if guilds is not None else [default_guild()]:
            self.add_guild(g)

        self.requests: list[RecordedRequest] = []
        self.unhandled: list[RecordedRequest] = []
        self.errors: list[Exception] = []
        self.messages: dict[int, JSON] = {}
        self.threads: list[JSON] = []
        self.scheduled_events: dict[int, JSON] = {}
        self.scheduled_event_users: dict[int, list[JSON]] = {}
        self.deleted_scheduled_events: list[int] = []
        self.global_commands: list[JSON] = []
        self.guild_commands: dict[int, list[JSON]] = {}
        self.callbacks: list[JSON] = []
        self.modals: dict[str, JSON] = {}
        self.identify: JSON | None = None
        self.gateway_received: list[JSON] = []

        self._interactions: dict[int, JSON] = {}
        self._interaction_sent_at: dict[int, float] = {}
        self._acked: dict[int, int] = {}
        self._originals: dict[str, int] = {}
        # When each edit of an interaction's messages arrived, by token (see _count_edit).
        self.edit_times: dict[str, list[float]] = {}
        self.refused_edits = 0
        self._followups: dict[str, set[int]] = {}
        self._nonces: dict[tuple[int, str], int] = {}
        self._injections: list[_Injection] = []
        # Requests kept waiting by `hold` until its gate opens, and those waiting now.
        self._holds: list[tuple[str, re.Pattern[str], asyncio.Event]] = []
        self.held: list[RecordedRequest] = []
        self._connections: list[_GatewayConnection] = []
        self._seq = itertools.count(1)
        self._cond = asyncio.Condition()
        self._ready = asyncio.Event()
        self._background: set[asyncio.Task[None]] = set()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._routes: list[tuple[str, re.Pattern[str], _Handler]] = []
        self._register_routes()
        self.uploads: dict[str, bytes] = {}  # attachment id -> bytes served from the "CDN"

    # -- lifecycle ---------------------------------------------------------

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

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

    # -- state helpers -----------------------------------------------------

    def add_guild(self, g: FakeGuild) -> None:
        bot_member = member(
            self.bot_user,
            roles=[BOT_ROLE_ID] if any(r["id"] == str(BOT_ROLE_ID) for r in g.roles) else [],
        )
        self.guilds[g.id] = {
            "id": str(g.id),
            "name": g.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(g.owner_id),
            "region": None,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 1,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "roles": copy.deepcopy(g.roles),
            "emojis": [],
            "stickers": [],
            "features": ["COMMUNITY"],
            "mfa_level": 0,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "max_members": 500000,
            "max_video_channel_users": 25,
        }
        self.members[g.id] = {}
        for m in [*g.members, bot_member]:
            self.members[g.id][int(m["user"]["id"])] = copy.deepcopy(m)
        for ch in g.channels:
            self.channels[int(ch["id"])] = copy.deepcopy(ch)

    @property
    def guild_id(self) -> int:
        """The first configured guild's id (GUILD_ID by default)."""
        return next(iter(self.guilds))

    @property
    def text_channel_id(self) -> int:
        return self._first_channel(0)

    @property
    def voice_channel_id(self) -> int:
        return self._first_channel(2)

    def _first_channel(self, type_: int) -> int:
        gid = str(self.guild_id)
        for cid, ch in self.channels.items():
            if ch["type"] == type_ and ch.get("guild_id") == gid:
                return cid
        raise LookupError(f"no channel of type {type_} in guild {gid}")

    def restrict_bot(self, guild_id: int, *flags: str) -> None:
        """Take permissions away from the bot: from @everyone and from its own role."""
        off = discord.Permissions(**dict.fromkeys(flags, True)).value
        for r in self.guilds[guild_id]["roles"]:
            if r["id"] in (str(guild_id), str(BOT_ROLE_ID)):
                r["permissions"] = str(int(r["permissions"]) & ~off)

    def permissions_for(self, guild_id: int, user_id: int) -> int:
        """Guild-level permissions as Discord computes them (owner/administrator get all)."""
        guild = self.guilds[guild_id]
        if str(user_id) == guild["owner_id"]:
            return ALL_PERMISSIONS
        m = self.members[guild_id].get(user_id)
        role_ids = {str(guild_id), *(m["roles"] if m else [])}
        value = 0
        for r in guild["roles"]:
            if r["id"] in role_ids:
                value |= int(r["permissions"])
        if value & discord.Permissions(administrator=True).value:
            return ALL_PERMISSIONS
        return value

    def add_scheduled_event_user(self, event_id: int, event_user: JSON) -> None:
        """Make GET .../scheduled-events/{id}/users list this user as interested."""
        self.scheduled_event_users.setdefault(event_id, []).append(event_user)

    def _bump(self) -> None:
        async def notify() -> None:
            async with self._cond:
                self._cond.notify_all()

        self._spawn(notify())

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # -- failure injection ---------------------------------------------------

    def rate_limit(
        self,
        method: str | None,
        path_regex: str,
        *,
        times: int = 1,
        retry_after: float = 0.05,
        is_global: bool = False,
    ) -> None:
        """Answer the next ``times`` matching requests with 429.

        The answer carries ``Via`` and a JSON ``retry_after``, so discord.py sleeps and retries.
        """
        body = {
            "message": "You are being rate limited.",
            "retry_after": retry_after,
            "global": is_global,
        }
        headers = {
            "Via": "1.1 google",
            "Retry-After": str(max(1, round(retry_after))),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset-After": str(retry_after),
            "X-RateLimit-Bucket": "fake-bucket",
            "X-RateLimit-Scope": "global" if is_global else "user",
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        self._injections.append(
            _Injection(
                _norm_method(method), re.compile(path_regex), times, 429, body, headers, True
            )
        )

    def fail(
        self,
        method: str | None,
        path_regex: str,
        *,
        status: int,
        code: int = 0,
        message: str = "injected failure",
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` matching requests with an error, e.g. 403 code 50013.

        discord.py retries 500/502/504 itself after sleeping 1 s, 3 s, ...: prefer 403/404/400.
        """
        self._injections.append(
            _Injection(
                _norm_method(method),
                re.compile(path_regex),
                times,
                status,
                {"message": message, "code": code},
                {},
                False,
            )
        )

    def hold(self, method: str, path_regex: str) -> asyncio.Event:
        """Keep matching requests waiting, unanswered, until the returned event is set: a slow
        Discord. The waiting ones are in `held` (see `wait_held`)."""
        gate = asyncio.Event()
        self._holds.append((method.upper(), re.compile(path_regex), gate))
        return gate

    async def _held(self, rec: RecordedRequest) -> None:
        for method, pattern, gate in self._holds:
            if method == rec.method and pattern.fullmatch(rec.path) and not gate.is_set():
                self.held.append(rec)
                self._bump()
                await gate.wait()
                self.held.remove(rec)

    async def wait_held(self, count: int = 1, timeout: float = HANG) -> None:
        """Until ``count`` requests are kept waiting by `hold`."""
        await self._wait_until(
            lambda: True if len(self.held) >= count else None, timeout, f"{count} held requests"
        )

    # -- waiting -------------------------------------------------------------

    async def _wait_until(self, check: Callable[[], T | None], timeout: float, what: str) -> T:
        async def inner() -> T:
            async with self._cond:
                while True:
                    result = check()
                    if result is not None:
                        return result
                    await self._cond.wait()

        try:
            return await asyncio.wait_for(inner(), timeout)
        except TimeoutError:
            seen = ", ".join(f"{r.method} {r.path} -> {r.status}" for r in self.requests) or "none"
            raise AssertionError(
                f"timed out after {timeout}s waiting for {what}; requests so far: {seen}"
            ) from None

    def find_requests(
        self, method: str | None, path_regex: str, *, include_rate_limited: bool = False
    ) -> list[RecordedRequest]:
        """All recorded requests whose path fully matches ``path_regex`` (consumed or not)."""
        m = _norm_method(method)
        pattern = re.compile(path_regex)
        return [
            r
            for r in self.requests
            if (m is None or r.method == m)
            and pattern.fullmatch(r.path)
            and (include_rate_limited or not r.rate_limited)
        ]

    async def wait_for_request(
        self,
        method: str | None,
        path_regex: str,
        *,
        timeout: float = HANG,
        predicate: Callable[[RecordedRequest], bool] | None = None,
        include_rate_limited: bool = False,
    ) -> RecordedRequest:
        """The oldest matching request not yet returned by a previous wait, waiting if needed."""

        def check() -> RecordedRequest | None:
            for r in self.find_requests(
                method, path_regex, include_rate_limited=include_rate_limited
            ):
                if not r.consumed and (predicate is None or predicate(r)):
                    r.consumed = True
                    return r
            return None

        return await self._wait_until(check, timeout, f"{method} {path_regex}")

    async def wait_for_callback(
        self,
        interaction: JSON,
        *,
        timeout: float = HANG,
    ) -> RecordedRequest:
        """The accepted callback for ``interaction``; ``.json`` is ``{"type", "data"}``."""
        return await self.wait_for_request(
            "POST",
            rf"/interactions/{interaction['id']}/{re.escape(interaction['token'])}/callback",
            timeout=timeout,
            predicate=lambda r: r.status < 300,
        )

    async def wait_ready(self, timeout: float = HANG) -> None:
        """Until a client has IDENTIFYed and READY + every GUILD_CREATE were sent."""
        try:
            await asyncio.wait_for(self._ready.wait(), timeout)
        except TimeoutError:
            raise AssertionError(f"no client became ready within {timeout}s") from None

    async def wait_for_gateway_op(
        self,
        op: int,
        *,
        timeout: float = HANG,
        predicate: Callable[[JSON], bool] | None = None,
    ) -> JSON:
        """The first payload with this op the client sent (4 voice state, 8 request members)."""

        def check() -> JSON | None:
            for p in self.gateway_received:
                if p.get("op") == op and (predicate is None or predicate(p)):
                    return p
            return None

        return await self._wait_until(check, timeout, f"gateway op {op}")

    # -- gateway -------------------------------------------------------------

    async def dispatch(self, event: str, data: JSON) -> None:
        """Send a DISPATCH (op 0) event to every identified client connection."""
        conns = [c for c in self._connections if c.identified]
        if not conns:
            raise RuntimeError("no identified gateway connection; await fake.wait_ready() first")
        if event == "MESSAGE_CREATE":
            self.messages.setdefault(int(data["id"]), data)
        for conn in conns:
            await conn.send({"op": 0, "t": event, "d": data})

    async def send_interaction(self, payload: JSON) -> JSON:
        """Dispatch INTERACTION_CREATE; starts the interaction's 3-second response clock."""
        iid = int(payload["id"])
        self._interactions[iid] = payload
        self._interaction_sent_at[iid] = time.monotonic()
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        conn = _GatewayConnection(ws)
        self._connections.append(conn)
        try:
            await conn.send({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    payload = json.loads(msg.data)
                elif msg.type == WSMsgType.BINARY:
                    payload = json.loads(msg.data.decode())
                else:
                    break
                await self._on_gateway_payload(conn, payload)
        finally:
            self._connections.remove(conn)
        return ws

    async def _on_gateway_payload(self, conn: _GatewayConnection, payload: JSON) -> None:
        op = payload.get("op")
        d: Any = payload.get("d")
        self.gateway_received.append(payload)
        self._bump()
        if op == 1:
            await conn.send({"op": 11})
        elif op == 2:
            if d.get("token") != self.token:
                await conn.ws.close(code=4004, message=b"Authentication failed.")
                return
            self.identify = d
            conn.intents = int(d.get("intents", 0))
            conn.identified = True
            await conn.send({"op": 0, "t": "READY", "d": self._ready_payload(d)})
            for gid in self.guilds:
                await conn.send(
                    {
                        "op": 0,
                        "t": "GUILD_CREATE",
                        "d": self._guild_create_payload(gid, conn.intents),
                    }
                )
            self._ready.set()
        elif op == 6:
            conn.identified = True
            await conn.send({"op": 0, "t": "RESUMED", "d": {}})
        elif op == 8:
            await self._send_member_chunk(conn, d)

    def _ready_payload(self, identify: JSON) -> JSON:
        ready: JSON = {
            "v": 10,
            "user": {**self.bot_user, "verified": True, "mfa_enabled": False, "email": None},
            "guilds": [{"id": str(gid), "unavailable": True} for gid in self.guilds],
            "session_id": secrets.token_hex(16),
            "resume_gateway_url": self.gateway_url,
            "session_type": "normal",
            "application": {"id": str(self.app_id), "flags": self.application["flags"]},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["rotterdam"],
            "user_settings": {},
            "auth": {},
            "_trace": ['["fake-gateway",{"micros":0}]'],
        }
        if "shard" in identify:
            ready["shard"] = identify["shard"]
        return ready

    def _guild_create_payload(self, guild_id: int, intents: int) -> JSON:
        gid = str(guild_id)
        channels, threads = [], []
        for ch in self.channels.values():
            if ch.get("guild_id") != gid:
                continue
            if ch["type"] in _THREAD_TYPES:
                if not ch["thread_metadata"]["archived"]:
                    threads.append(ch)
            else:
                channels.append({k: v for k, v in ch.items() if k != "guild_id"})
        members = list(self.members[guild_id].values())
        member_count = len(members)
        if not intents & _INTENT_GUILD_MEMBERS:
            # Without the privileged members intent Discord sends only the bot's own member.
            members = [m for m in members if m["user"]["id"] == str(BOT_USER_ID)]
        events = [e for e in self.scheduled_events.values() if e["guild_id"] == gid]
        return {
            **self.guilds[guild_id],
            "joined_at": _iso(datetime(2024, 1, 1, tzinfo=UTC)),
            "large": False,
            "unavailable": False,
            # Equal to len(members) when the intent is on, so discord.py does not chunk.
            "member_count": member_count,
            "members": members,
            "channels": channels,
            "threads": threads,
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": events,
            "soundboard_sounds": [],
            "embedded_activities": [],
            "lazy": True,
        }

    async def _send_member_chunk(self, conn: _GatewayConnection, d: JSON) -> None:
        guild_ids = d["guild_id"] if isinstance(d["guild_id"], list) else [d["guild_id"]]
        for raw_gid in guild_ids:
            gid = int(raw_gid)
            found = list(self.members.get(gid, {}).values())
            wanted = d.get("user_ids")
            if wanted is not None:
                ids = {str(u) for u in (wanted if isinstance(wanted, list) else [wanted])}
                found = [m for m in found if m["user"]["id"] in ids]
            elif d.get("query"):
                q = d["query"].lower()
                found = [m for m in found if m["user"]["username"].lower().startswith(q)]
            chunk: JSON = {
                "guild_id": str(gid),
                "members": found,
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": [],
            }
            if d.get("nonce") is not None:
                chunk["nonce"] = d["nonce"]
            await conn.send({"op": 0, "t": "GUILD_MEMBERS_CHUNK", "d": chunk})

    def _echo(self, event: str, data: JSON, intent: int) -> None:
        """Send the gateway event Discord emits after a REST change, to clients with the intent."""
        if not self.echo_events:
            return
        for conn in self._connections:
            if conn.identified and conn.intents & intent:
                self._spawn(conn.send({"op": 0, "t": event, "d": copy.deepcopy(data)}))

    # -- REST plumbing -------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body_json, files = await _read_body(request)
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
            body=json.dumps(payload).encode(),
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
        incoming = _Incoming(
            rec.method, rec.path, rec.query, rec.json, rec.files, auth == f"Bot {self.token}"
        )
        for method, pattern, handler in self._routes:
            if method != rec.method:
                continue
            m = pattern.fullmatch(rec.path)
            if m is None:
                continue
            try:
                result = await handler(incoming, m)
            except DiscordHTTPError as exc:
                rec.rate_limited = exc.status == 429
                return exc.status, exc.body, exc.headers
            if result is None:
                return 204, None, {}
            return 200, result, {}
        self.unhandled.append(rec)
        return 404, {"message": "404: Not Found", "code": 0}, {}

    def _register_routes(self) -> None:
        s = r"(\d+)"
        tok = r"([^/]+)"
        table: list[tuple[str, str, _Handler]] = [
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
        self._routes = [(m, re.compile(p), h) for m, p, h in table]

    def _require_auth(self, req: _Incoming) -> None:
        if not req.authorized:
            raise DiscordHTTPError(401, 0, "401: Unauthorized")

    # -- REST: identity and commands ---------------------------------------

    async def _get_me(self, req: _Incoming, m: re.Match[str]) -> JSON:
        self._require_auth(req)
        return {**self.bot_user, "verified": True, "mfa_enabled": False, "locale": "en-US"}

    async def _get_application(self, req: _Incoming, m: re.Match[str]) -> JSON:
        self._require_auth(req)
        return self.application

    async def _get_gateway(self, req: _Incoming, m: re.Match[str]) -> JSON:
        return {"url": self.gateway_url}

    async def _get_gateway_bot(self, req: _Incoming, m: re.Match[str]) -> JSON:
        self._require_auth(req)
        return {
            "url": self.gateway_url,
            "shards": 1,
            "session_start_limit": {
                "total": 1000,
                "remaining": 999,
                "reset_after": 14_400_000,
                "max_concurrency": 1,
            },
        }

    def _check_app(self, req: _Incoming, app_id: str) -> None:
        self._require_auth(req)
        if int(app_id) != self.app_id:
            raise DiscordHTTPError(
                403, 20012, "You are not authorized to perform this action on this application"
            )

    async def _get_commands(self, req: _Incoming, m: re.Match[str]) -> list[JSON]:
        self._check_app(req, m.group(1))
        if m.lastindex == 2:
            return self.guild_commands.get(int(m.group(2)), [])
        return self.global_commands

    async def _put_commands(self, req: _Incoming, m: re.Match[str]) -> list[JSON]:
        self._check_app(req, m.group(1))
        guild_id = int(m.group(2)) if m.lastindex == 2 else None
        existing = self.guild_commands.get(guild_id, []) if guild_id else self.global_commands
        ids = {(c["name"], c["type"]): c["id"] for c in existing}
        commands = req.json or []
        if len([c for c in commands if c.get("type", 1) == 1]) > 100:
            raise DiscordHTTPError(400, 30032, "Maximum number of application commands reached")
        _refuse(
            [p for n, c in enumerate(commands) for p in discord_rules.command_problems(c, str(n))]
        )
        synced = []
        for cmd in req.json or []:
            _check_command(cmd)
            type_ = cmd.get("type", 1)
            out = {
                "id": ids.get((cmd["name"], type_)) or str(snowflake()),
                "application_id": str(self.app_id),
                "version": str(snowflake()),
                "type": type_,
                "name": cmd["name"],
                "name_localizations": cmd.get("name_localizations"),
                "description": cmd.get("description", ""),
                "description_localizations": cmd.get("description_localizations"),
                "options": cmd.get("options", []),
                "default_member_permissions": cmd.get("default_member_permissions"),
                "dm_permission": cmd.get("dm_permission", True),
                "nsfw": cmd.get("nsfw", False),
                "integration_types": cmd.get("integration_types", [0]),
                "contexts": cmd.get("contexts"),
            }
            if guild_id:
                out["guild_id"] = str(guild_id)
            synced.append(out)
        if guild_id:
            self.guild_commands[guild_id] = synced
        else:
            self.global_commands = synced
        return synced

    # -- REST: interactions and webhooks -----------------------------------

    async def _interaction_callback(self, req: _Incoming, m: re.Match[str]) -> JSON:
        iid, token = int(m.group(1)), m.group(2)
        inter = self._interactions.get(iid)
        if inter is None or inter["token"] != token:
            raise _not_found(10062, "interaction")
        sent = self._interaction_sent_at[iid]
        if (
            self.interaction_timeout is not None
            and time.monotonic() - sent > self.interaction_timeout
        ):
            raise _not_found(10062, "interaction")
        if iid in self._acked:
            raise DiscordHTTPError(400, 40060, "Interaction has already been acknowledged.")
        body = req.json or {}
        type_ = int(body["type"])
        data = body.get("data") or {}
        if type_ in (4, 7):
            self._check_message_limits(data)
        elif type_ == 8:
            _refuse(discord_rules.choice_problems(data.get("choices") or [], "data.choices"))
        elif type_ == 9:
            _refuse(discord_rules.modal_problems(data))
        self._acked[iid] = type_
        self.callbacks.append({"interaction_id": iid, "token": token, "type": type_, "data": data})
        flags = int(data.get("flags") or 0)
        result: JSON = {
            "interaction": {
                "id": str(iid),
                "type": inter["type"],
                "activity_instance_id": None,
                "response_message_id": None,
                "response_message_loading": type_ == 5,
                "response_message_ephemeral": bool(flags & _FLAG_EPHEMERAL),
            },
            "resource": {"type": type_},
        }
        if type_ in (4, 5):
            msg = self._new_message(
                self._interaction_channel_id(inter),
                data if type_ == 4 else {"content": "", "flags": flags | _FLAG_LOADING},
                req.files,
                interaction=inter,
                guild_id=inter.get("guild_id"),
            )
            self._originals[token] = int(msg["id"])
            result["interaction"]["response_message_id"] = msg["id"]
            result["resource"]["message"] = msg
            self._echo_message_create(msg)
        elif type_ in (6, 7) and "message" in inter:
            mid = int(inter["message"]["id"])
            self.messages.setdefault(mid, inter["message"])
            self._originals[token] = mid
            if type_ == 7:
                msg = self._apply_edit(mid, data, req.files)
                result["resource"]["message"] = msg
        elif type_ == 9:
            self.modals[data["custom_id"]] = data
        return result

    def _interaction_channel_id(self, inter: JSON) -> int:
        return int(inter.get("channel_id") or inter["channel"]["id"])

    def _interaction_for_token(self, app_id: str, token: str) -> JSON:
        if int(app_id) != self.app_id:
            raise _not_found(10015, "Webhook")
        for iid, inter in self._interactions.items():
            if inter["token"] == token and iid in self._acked:
                return inter
        raise _not_found(10015, "Webhook")

    def _webhook_message_id(self, token: str, which: str) -> int:
        if which == "@original":
            mid = self._originals.get(token)
        else:
            mid = int(which) if int(which) in self._followups.get(token, set()) else None
        if mid is None or mid not in self.messages:
            raise _not_found(10008, "Message")
        return mid

    async def _webhook_execute(self, req: _Incoming, m: re.Match[str]) -> JSON | None:
        inter = self._interaction_for_token(m.group(1), m.group(2))
        self._check_message_limits(req.json or {})
        msg = self._new_message(
            self._interaction_channel_id(inter),
            req.json or {},
            req.files,
            interaction=inter,
            guild_id=inter.get("guild_id"),
        )
        self._followups.setdefault(m.group(2), set()).add(int(msg["id"]))
        self._echo_message_create(msg)
        return msg if req.query.get("wait") in ("1", "true", "True") else None

    async def _webhook_get(self, req: _Incoming, m: re.Match[str]) -> JSON:
        self._interaction_for_token(m.group(1), m.group(2))
        return self.messages[self._webhook_message_id(m.group(2), m.group(3))]

    def _count_edit(self, token: str) -> None:
        """Editing an interaction's messages is rate limited like editing any message: about
        5 in 5 s (platform-limits.md). Past it Discord answers 429 with a retry_after, which
        discord.py sleeps and retries: counted in `refused_edits`, never applied."""
        now = time.monotonic()
        recent = [t for t in self.edit_times.get(token, []) if now - t < EDITS_WINDOW]
        if len(recent) >= EDITS_PER_WINDOW:
            self.refused_edits += 1
            retry_after = round(EDITS_WINDOW - (now - recent[0]), 3)
            refusal = DiscordHTTPError(
                429,
                0,
                "You are being rate limited.",
                headers={
                    "Via": "1.1 google",
                    "X-RateLimit-Limit": str(EDITS_PER_WINDOW),
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset-After": str(retry_after),
                    "X-RateLimit-Bucket": f"webhook-{token[:8]}",
                    "X-RateLimit-Scope": "user",
                },
            )
            refusal.body.update({"retry_after": retry_after, "global": False})
            raise refusal
        self.edit_times[token] = [*recent, now]

    async def _webhook_edit(self, req: _Incoming, m: re.Match[str]) -> JSON:
        self._interaction_for_token(m.group(1), m.group(2))
        self._count_edit(m.group(2))
        mid = self._webhook_message_id(m.group(2), m.group(3))
        msg = self.messages[mid]
        edit = dict(req.json or {})
        if msg["flags"] & _FLAG_LOADING:
            # Editing a deferred response fills it in: the loading flag goes away.
            edit["flags"] = (msg["flags"] & ~_FLAG_LOADING) | int(edit.get("flags") or 0)
        return self._apply_edit(mid, edit, req.files)

    async def _webhook_delete(self, req: _Incoming, m: re.Match[str]) -> None:
        self._interaction_for_token(m.group(1), m.group(2))
        mid = self._webhook_message_id(m.group(2), m.group(3))
        self._remove_message(mid)

    # -- REST: channels and messages ---------------------------------------

    def _channel(self, channel_id: str | int) -> JSON:
        ch = self.channels.get(int(channel_id))
        if ch is None:
            raise _not_found(10003, "Channel")
        return ch

    async def _get_channel(self, req: _Incoming, m: re.Match[str]) -> JSON:
        self._require_auth(req)
        return self._channel(m.group(1))

    async def _edit_channel(self, req: _Incoming, m: re.Match[str]) -> JSON:
        self._require_auth(req)
        ch = self._channel(m.group(1))
        body = dict(req.json or {})
        meta_keys = {"archived", "auto_archive_duration", "locked", "invitable"}
        if ch["type"] in _THREAD_TYPES:
            for k in meta_keys & body.keys():
                ch["thread_metadata"][k] = body.pop(k)
        ch.update(body)
        event = "THREAD_UPDATE" if ch["type"] in _THREAD_TYPES else "CHANNEL_UPDATE"
        self._echo(event, ch, _INTENT_GUILDS)
        return ch

    async def _typing(self, req: _Incoming, m: re.Match[str]) -> None:
        self._require_auth(req)
        self._channel(m.group(1))

    @staticmethod
    def _check_message_limits(body: JSON) -> None:
        """400 50035 ("Invalid Form Body") for what Discord's message and embed limits refuse
        (discord.com/developers/docs/resources/message, embed limits); its own numbers here."""
        embeds = body.get("embeds") or []
        if len(body.get("content") or "") > 2000 or len(embeds) > 10:
            raise DiscordHTTPError(400, 50035, "Invalid Form Body")
        if body.get("poll"):
            _check_poll(body["poll"])
        _refuse(discord_rules.component_problems(body.get("components") or []))
        total = 0
        for embed in embeds:
            parts = {
                "title": (embed.get("title") or "", 256),
                "description": (embed.get("description") or "", 4096),
                "footer": ((embed.get("footer") or {}).get("text") or "", 2048),
                "author": ((embed.get("author") or {}).get("name") or "", 256),
            }
            fields = embed.get("fields") or []
            if len(fields) > 25 or any(len(text) > limit for text, limit in parts.values()):
                raise DiscordHTTPError(400, 50035, "Invalid Form Body")
            for part in fields:
                if len(part.get("name") or "") > 256 or len(part.get("value") or "") > 1024:
                    raise DiscordHTTPError(400, 50035, "Invalid Form Body")
                total += len(part.get("name") or "") + len(part.get("value") or "")
            total += sum(len(text) for text, _ in parts.values())
        if total > 6000:
            raise DiscordHTTPError(400, 50035, "Embed size exceeds maximum size of 6000")

    def _bot_may(self, guild_id: Any, *flags: str) -> None:
        """403 50013 ("Missing Permissions"), as Discord answers, when the bot's role lacks one
        of `flags` (guild-level permissions; the fake has no channel overwrites)."""
        if guild_id is None:
            return
        granted = discord.Permissions(self.permissions_for(int(guild_id), BOT_USER_ID))
        if not all(getattr(granted, flag) for flag in flags):
            raise DiscordHTTPError(403, 50013, "Missing Permissions")

    async def _create_message(self, req: _Incoming, m: re.Match[str]) -> JSON:
        self._require_auth(req)
        cid = int(m.group(1))
        ch = self._channel(cid)
        body = req.json or {}
        if ch.get("type") == 1:
            self._may_dm(ch)
        thread = ch.get("type") in _THREAD_TYPES
        needed = ["view_channel", "send_messages_in_threads" if thread else "send_messages"]
        needed += ["attach_files"] if req.files else []
        needed += ["send_polls"] if body.get("poll") else []
        self._bot_may(ch.get("guild_id"), *needed)
        self._check_message_limits(body)
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            seen = self._nonces.get((cid, str(nonce)))
            if seen is not None and seen in self.messages:
                # Discord answers a repeated enforced nonce with the message it already created.
                return self.messages[seen]
        if (
            not any(body.get(k) for k in ("content", "embeds", "poll", "sticker_ids", "components"))
            and not req.files
        ):
            raise DiscordHTTPError(400, 50006, "Cannot send an empty message")
        msg = self._new_message(cid, body, req.files, guild_id=ch.get("guild_id"))
        if nonce is not None:
            self._nonces[(cid, str(nonce))] = int(msg["id"])
        self._echo_message_create(msg)
        return msg

    async def _channel_history(self, req: _Incoming, m: re.Match[str]) -> list[JSON]:
        """Newest first, as Discord pages history; ``before``/``after``/``limit`` honoured.

        Discord does not return a message's nonce here, so neither does the fake."""
        self._require_auth(req)
        self._channel(m.group(1))
        found = sorted(
            (msg for msg in self.messages.values() if msg["channel_id"] == m.group(1)),
            key=lambda msg: int(msg["id"]),
            reverse=True,
        )
        if "before" in req.query:
            found = [msg for msg in found if int(msg["id"]) < int(req.query["before"])]
        limit = int(req.query.get("limit", 50))
        if "after" in req.query and "before" not in req.query:
            # Discord answers `after` with the `limit` messages right after it (still newest
            # first), which is how discord.py pages forward from a moment.
            found = [msg for msg in found if int(msg["id"]) > int(req.query["after"])][-limit:]
        elif "after" in req.query:
            found = [msg for msg in found if int(msg["id"]) > int(req.query["after"])]
        return [{k: v for k, v in msg.items() if k != "nonce"} for msg in found[:limit]]

    async def _get_message(self, req: _Incoming, m: re.Match[str]) -> JSON:
        self._require_auth(req)
        msg = self.messages.get(int(m.group(2)))
        if msg is None or msg["channel_id"] != m.group(1):
            raise _not_found(10008, "Message")
        return msg

    async def _edit_message(self, req: _Incoming, m: re.Match[str]) -> JSON:
        await self._get_message(req, m)
        return self._apply_edit(int(m.group(2)), req.json or {}, req.files)

    async def _delete_message(self, req: _Incoming, m: re.Match[str]) -> None:
        await self._get_message(req, m)
        self._remove_message(int(m.group(2)))

    async def _reaction(self, req: _Incoming, m: re.Match[str]) -> None:
        await self._get_message(req, m)

    def poll_ended(self, msg: JSON) -> bool:
        """Whether the message's poll is over: ended early, or past its expiry by the fake's
        clock (Discord ends a poll at its expiry whatever its author meant)."""
        poll = msg.get("poll")
        if not poll:
            return False
        expired = datetime.fromisoformat(poll["expiry"]) <= self.now()
        return bool(poll["results"]["is_finalized"]) or expired

    async def _expire_poll(self, req: _Incoming, m: re.Match[str]) -> JSON:
        """POST /channels/{id}/polls/{message}/expire (discord.py `Message.end_poll`): only the
        poll's author may end it, only once, and only before it expired; Discord's codes."""
        msg = await self._get_message(req, m)
        if not msg.get("poll"):
            raise DiscordHTTPError(400, 520006, "Cannot expire a non-poll message")
        if msg["author"]["id"] != self.bot_user["id"]:
            raise DiscordHTTPError(403, 50005, "Cannot edit a message authored by another user")
        if self.poll_ended(msg):
            raise DiscordHTTPError(400, 520001, "Poll expired")
        msg["poll"]["results"]["is_finalized"] = True
        msg["poll"]["expiry"] = _iso(self.now())
        self._echo("MESSAGE_UPDATE", msg, self._message_intent(msg))
        return msg

    def _new_message(
        self,
        channel_id: int,
        body: JSON,
        files: list[RecordedFile],
        *,
        interaction: JSON | None = None,
        guild_id: str | None = None,
    ) -> JSON:
        now = self.now()
        # Message ids carry the fake's time, as Discord's carry Discord's: a bot on the same
        # (manual) clock pages history from a moment of its own and finds what was sent since.
        mid = snowflake(now)
        msg: JSON = {
            "id": str(mid),
            "channel_id": str(channel_id),
            "author": self.bot_user,
            "content": body.get("content") or "",
            "timestamp": _iso(now),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": _attachments(body, files, []),
            "embeds": [{"type": "rich", **e} for e in body.get("embeds") or []],
            "pinned": False,
            "type": 0,
            "flags": int(body.get("flags") or 0),
            "components": body.get("components") or [],
        }
        if guild_id is not None:
            msg["guild_id"] = str(guild_id)
        if body.get("nonce") is not None:
            msg["nonce"] = body["nonce"]
        if body.get("poll"):
            msg["poll"] = _poll_object(body["poll"], now)
        ref = body.get("message_reference")
        if ref:
            msg["type"] = 19
            msg["message_reference"] = {
                "type": 0,
                "message_id": str(ref["message_id"]),
                "channel_id": str(ref.get("channel_id") or channel_id),
                **({"guild_id": str(guild_id)} if guild_id else {}),
            }
            msg["referenced_message"] = self.messages.get(int(ref["message_id"]))
        if interaction is not None:
            msg["webhook_id"] = str(self.app_id)
            msg["application_id"] = str(self.app_id)
            if interaction["type"] == 2:
                msg["type"] = 20
            invoker = (interaction.get("member") or {}).get("user") or interaction.get("user")
            msg["interaction_metadata"] = {
                "id": interaction["id"],
                "type": interaction["type"],
                "user": invoker,
                "authorizing_integration_owners": interaction["authorizing_integration_owners"],
                **({"name": interaction["data"]["name"]} if interaction["type"] == 2 else {}),
            }
        self.messages[mid] = msg
        return msg

    def _apply_edit(self, mid: int, body: JSON, files: list[RecordedFile]) -> JSON:
        self._check_message_limits(body)
        msg = self.messages[mid]
        for key in ("content", "components", "flags"):
            if key in body:
                msg[key] = body[key] if body[key] is not None else ("" if key == "content" else 0)
        if "embeds" in body:
            msg["embeds"] = [{"type": "rich", **e} for e in body["embeds"] or []]
        if "attachments" in body or files:
            msg["attachments"] = _attachments(body, files, msg["attachments"])
        msg["edited_timestamp"] = _iso(self.now())
        if not msg["flags"] & _FLAG_EPHEMERAL:
            self._echo("MESSAGE_UPDATE", msg, self._message_intent(msg))
        return msg

    def _remove_message(self, mid: int) -> None:
        msg = self.messages.pop(mid)
        data = {"id": msg["id"], "channel_id": msg["channel_id"]}
        if "guild_id" in msg:
            data["guild_id"] = msg["guild_id"]
        if not msg["flags"] & _FLAG_EPHEMERAL:
            self._echo("MESSAGE_DELETE", data, self._message_intent(msg))

    def _message_intent(self, msg: JSON) -> int:
        return _INTENT_GUILD_MESSAGES if "guild_id" in msg else _INTENT_DIRECT_MESSAGES

    def _echo_message_create(self, msg: JSON) -> None:
        if msg["flags"] & _FLAG_EPHEMERAL:
            return
        event = dict(msg)
        if "guild_id" in msg:
            bot_member = self.members[int(msg["guild_id"])].get(BOT_USER_ID)
            if bot_member is not None:
                event["member"] = {k: v for k, v in bot_member.items() if k != "user"}
        self._echo("MESSAGE_CREATE", event, self._message_intent(msg))

    def user_message(
        self,
        content: str,
        *,
        author: JSON | None = None,
        channel_id: int | None = None,
        message_reference: int | None = None,
    ) -> JSON:
        """A MESSAGE_CREATE payload from a human (default Grace), stored so the bot can reply,
        react or start a thread on it:
        ``await fake.dispatch("MESSAGE_CREATE", fake.user_message("hi"))``.
        """
        cid = channel_id or self.text_channel_id
        ch = self._channel(cid)
        author = author or MEMBER_USER
        msg = self._new_message(
            cid,
            {
                "content": content,
                **(
                    {"message_reference": {"message_id": message_reference}}
                    if message_reference
                    else {}
                ),
            },
            [],
            guild_id=ch.get("guild_id"),
        )
        msg["author"] = author
        if "guild_id" in msg:
            m = self.members[int(msg["guild_id"])].get(int(author["id"]))
            if m is not None:
                msg["member"] = {k: v for k, v in m.items() if k != "user"}
        return msg

    # -- REST: threads and DMs ---------------------------------------------

    def _new_thread(self, parent: JSON, body: JSON, thread_id: int | None = None) -> JSON:
        tid = thread_id or snowflake()
        now = _iso(self.now())
        type_ = int(body.get("type") or 11)
        thread: JSON = {
            "id": str(tid),
            "guild_id": parent["guild_id"],
            "parent_id": parent["id"],
            "owner_id": str(BOT_USER_ID),
            "name": body["name"],
            "type": type_,
            "last_message_id": None,
            "message_count": 0,
            "total_message_sent": 0,
            "member_count": 1,
            "rate_limit_per_user": int(body.get("rate_limit_per_user") or 0),
            "flags": 0,
            "applied_tags": body.get("applied_tags") or [],
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": int(body.get("auto_archive_duration") or 4320),
                "archive_timestamp": now,
                "locked": False,
                "create_timestamp": now,
                **({"invitable": bool(body.get("invitable", True))} if type_ == 12 else {}),
            },
            "member": {
                "id": str(tid),
                "user_id": str(BOT_USER_ID),
                "join_timestamp": now,
                "flags": 1,
            },
        }
        self.channels[tid] = thread
        self.threads.append(thread)
        self._echo("THREAD_CREATE", {**thread, "newly_created": True}, _INTENT_GUILDS)
        return thread

    async def _create_thread(self, req: _Incoming, m: re.Match[str]) -> JSON:
        self._require_auth(req)
        parent = self._channel(m.group(1))
        body = req.json or {}
        if not body.get("name"):
            raise _invalid_form("name", "This field is required")
        _refuse(discord_rules.thread_name_problems(body["name"]))
        if parent["type"] in (15, 16):
            if not body.get("message"):
                raise _invalid_form("message", "This field is required")
            thread = self._new_thread(parent, {**body, "type": 11})
            # A forum post's starter message has the thread's id.
            starter = self._new_message(
                int(thread["id"]), body["message"], req.files, guild_id=parent["guild_id"]
            )
            self.messages.pop(int(starter["id"]))
            starter["id"] = thread["id"]
            self.messages[int(thread["id"])] = starter
            thread["message_count"] = thread["total_message_sent"] = 1
            self._echo_message_create(starter)
            return {**thread, "message": starter}
        if parent["type"] not in (0, 5):
            raise DiscordHTTPError(400, 50024, "Cannot execute action on this channel type")
        return self._new_thread(parent, body)

    async def _create_thread_from_message(self, req: _Incoming, m: re.Match[str]) -> JSON:
        self._require_auth(req)
        parent = self._channel(m.group(1))
        self._bot_may(parent.get("guild_id"), "create_public_threads")
        mid = int(m.group(2))
        msg = self.messages.get(mid)
        if msg is None or msg["channel_id"] != m.group(1):
            raise _not_found(10008, "Message")
        if int(mid) in self.channels:
            raise DiscordHTTPError(
                400, 160004, "A thread has already been created for this message"
            )
        body = req.json or {}
        if not body.get("name"):
            raise _invalid_form("name", "This field is required")
        _refuse(discord_rules.thread_name_problems(body["name"]))
        # A thread started from a message takes the message's id.
        thread = self._new_thread(parent, {**body, "type": 11}, thread_id=mid)
        msg["thread"] = thread
        return thread

    def _known_user(self, user_id: int) -> JSON:
        for guild_members in self.members.values():
            if user_id in guild_members:
                found: JSON = guild_members[user_id]["user"]
                return found
        if user_id in self.strangers:
            return self.strangers[user_id]
        raise _not_found(10013, "User")

    def _may_dm(self, ch: JSON) -> None:
        """403 50007 ("Cannot send messages to this user") for a DM to a member whose DMs are
        closed or who shares no server with the bot; Discord makes the DM channel all the same."""
        recipient = int(ch["recipients"][0]["id"])
        shared = any(recipient in members for members in self.members.values())
        if recipient in self.dms_closed or not shared:
            raise DiscordHTTPError(403, 50007, "Cannot send messages to this user")

    async def _get_user(self, req: _Incoming, m: re.Match[str]) -> JSON:
        self._require_auth(req)
        return self._known_user(int(m.group(1)))

    async def _create_dm(self, req: _Incoming, m: re.Match[str]) -> JSON:
        self._require_auth(req)
        recipient_id = int((req.json or {})["recipient_id"])
        for ch in self.channels.values():
            if ch["type"] == 1 and ch["recipients"][0]["id"] == str(recipient_id):
                return ch
        recipient = self._known_user(recipient_id)
        cid = snowflake()
        dm = {
            "id": str(cid),
            "type": 1,
            "last_message_id": None,
            "flags": 0,
            "recipients": [recipient],
        }
        self.channels[cid] = dm
        return dm

    # -- REST: guilds and scheduled events ---------------------------------

    def _guild(self, guild_id: str | int) -> JSON:
        g = self.guilds.get(int(guild_id))
        if g is None:
            raise _not_found(10004, "Guild")
        return g

    async def _get_guild(self, req: _Incoming, m: re.Match[str]) -> JSON:
        self._require_auth(req)
        g = self._guild(m.group(1))
        return {**g, "approximate_member_count": len(self.members[int(m.group(1))])}

    async def _get_guild_channels(self, req: _Incoming, m: re.Match[str]) -> list[JSON]:
        self._require_auth(req)
        self._guild(m.group(1))
        return [
            ch
            for ch in self.channels.values()
            if ch.get("guild_id") == m.group(1) and ch["type"] not in _THREAD_TYPES
        ]

    async def _get_member(self, req: _Incoming, m: re.Match[str]) -> JSON:
        self._require_auth(req)
        self._guild(m.group(1))
        mm = self.members[int(m.group(1))].get(int(m.group(2)))
        if mm is None:
            raise _not_found(10007, "Member")
        return mm

    def _event(self, guild_id: str, event_id: str) -> JSON:
        self._guild(guild_id)
        ev = self.scheduled_events.get(int(event_id))
        if ev is None or ev["guild_id"] != guild_id:
            raise _not_found(10070, "Guild Scheduled Event")
        return ev

    async def _list_events(self, req: _Incoming, m: re.Match[str]) -> list[JSON]:
        self._require_auth(req)
        self._guild(m.group(1))
        return [e for e in self.scheduled_events.values() if e["guild_id"] == m.group(1)]

    async def _get_event(self, req: _Incoming, m: re.Match[str]) -> JSON:
        self._require_auth(req)
        return self._event(m.group(1), m.group(2))

    def _validate_event(self, ev: JSON) -> None:
        entity_type = ev.get("entity_type")
        if entity_type not in (1, 2, 3):
            raise _invalid_form("entity_type", "Value must be one of {1, 2, 3}.")
        if entity_type == 3:
            if not (ev.get("entity_metadata") or {}).get("location"):
                raise _invalid_form("entity_metadata.location", "This field is required")
            if not ev.get("scheduled_end_time"):
                raise _invalid_form("scheduled_end_time", "This field is required")
            if ev.get("channel_id"):
                raise _invalid_form("channel_id", "Must be null for external events")
        else:
            channel = self.channels.get(int(ev.get("channel_id") or 0))
            if channel is None or channel["type"] != (13 if entity_type == 1 else 2):
                raise _invalid_form("channel_id", "Must be a channel of the entity's type")
        if not ev.get("name"):
            raise _invalid_form("name", "This field is required")
        # discord.com/developers/docs/resources/guild-scheduled-event: name 1-100, description
        # up to 1,000, an external event's location up to 100.
        if len(ev["name"]) > 100:
            raise _invalid_form("name", "Must be between 1 and 100 in length.")
        if len(ev.get("description") or "") > 1000:
            raise _invalid_form("description", "Must be 1000 or fewer in length.")
        if len((ev.get("entity_metadata") or {}).get("location") or "") > 100:
            raise _invalid_form("entity_metadata.location", "Must be 100 or fewer in length.")
        start = datetime.fromisoformat(ev["scheduled_start_time"])
        end = ev.get("scheduled_end_time")
        if end and datetime.fromisoformat(end) <= start:
            raise _invalid_form("scheduled_end_time", "Must be after the start time")

    async def _create_event(self, req: _Incoming, m: re.Match[str]) -> JSON:
        self._require_auth(req)
        self._guild(m.group(1))
        self._bot_may(m.group(1), "create_events")
        body = req.json or {}
        if not body.get("scheduled_start_time"):
            raise _invalid_form("scheduled_start_time", "This field is required")
        if datetime.fromisoformat(body["scheduled_start_time"]) <= self.now():
            raise _invalid_form("scheduled_start_time", "Cannot schedule event in the past.")
        live = [
            e
            for e in self.scheduled_events.values()
            if e["guild_id"] == m.group(1) and e["status"] in (1, 2)
        ]
        if len(live) >= 100:  # scheduled or active events, whoever made them
            raise DiscordHTTPError(
                400, 30038, "Maximum number of guild scheduled events reached (100)"
            )
        eid = snowflake()
        ev: JSON = {
            "id": str(eid),
            "guild_id": m.group(1),
            "channel_id": str(body["channel_id"]) if body.get("channel_id") else None,
            "creator_id": str(BOT_USER_ID),
            "creator": self.bot_user,
            "name": body.get("name"),
            "description": body.get("description"),
            "scheduled_start_time": body["scheduled_start_time"],
            "scheduled_end_time": body.get("scheduled_end_time"),
            "privacy_level": body.get("privacy_level", 2),
            "status": 1,
            "entity_type": body.get("entity_type"),
            "entity_id": None,
            "entity_metadata": body.get("entity_metadata"),
            "user_count": 0,
            "image": None,
            "recurrence_rule": body.get("recurrence_rule"),
        }
        self._validate_event(ev)
        self.scheduled_events[eid] = ev
        self._echo("GUILD_SCHEDULED_EVENT_CREATE", ev, _INTENT_GUILD_SCHEDULED_EVENTS)
        return ev

    async def _edit_event(self, req: _Incoming, m: re.Match[str]) -> JSON:
        self._require_auth(req)
        ev = self._event(m.group(1), m.group(2))
        body = req.json or {}
        updated = {**ev, **body}
        if "channel_id" in body and body["channel_id"] is not None:
            updated["channel_id"] = str(body["channel_id"])
        if "status" in body:
            allowed = {1: {2, 4}, 2: {3}}.get(int(ev["status"]), set())
            if int(body["status"]) != ev["status"] and int(body["status"]) not in allowed:
                raise _invalid_form("status", "Invalid status transition")
        self._validate_event(updated)
        ev.clear()
        ev.update(updated)
        self._echo("GUILD_SCHEDULED_EVENT_UPDATE", ev, _INTENT_GUILD_SCHEDULED_EVENTS)
        return ev

    async def _delete_event(self, req: _Incoming, m: re.Match[str]) -> None:
        self._require_auth(req)
        ev = self._event(m.group(1), m.group(2))
        del self.scheduled_events[int(ev["id"])]
        self.deleted_scheduled_events.append(int(ev["id"]))
        self._echo("GUILD_SCHEDULED_EVENT_DELETE", ev, _INTENT_GUILD_SCHEDULED_EVENTS)

    async def _event_users(self, req: _Incoming, m: re.Match[str]) -> list[JSON]:
        self._require_auth(req)
        ev = self._event(m.group(1), m.group(2))
        users = sorted(
            self.scheduled_event_users.get(int(ev["id"]), []), key=lambda u: int(u["id"])
        )
        if "after" in req.query:
            users = [u for u in users if int(u["id"]) > int(req.query["after"])]
        if "before" in req.query:
            users = [u for u in users if int(u["id"]) < int(req.query["before"])]
        users = users[: int(req.query.get("limit", 100))]
        with_member = req.query.get("with_member") in ("1", "true", "True")
        out = []
        for u in users:
            entry: JSON = {"guild_scheduled_event_id": ev["id"], "user": u}
            mm = self.members[int(ev["guild_id"])].get(int(u["id"]))
            if with_member and mm is not None:
                entry["member"] = mm
            out.append(entry)
        return out

    # -- interaction payload builders --------------------------------------

    def _interaction(
        self,
        type_: int,
        data: JSON,
        *,
        user: JSON | None,
        permissions: int | str | discord.Permissions | None,
        guild_id: int | None,
        channel_id: int | None,
        message: JSON | None = None,
        locale: str | None = None,
    ) -> JSON:
        invoker = user or MEMBER_USER
        # Discord sends the invoking member's client language with every interaction.
        locale = locale or self.user_locales.get(int(invoker["id"]), "en-US")
        iid = snowflake()
        payload: JSON = {
            "id": str(iid),
            "application_id": str(self.app_id),
            "type": type_,
            "data": data,
            "token": "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48),
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if guild_id is not None:
            cid = channel_id or self.text_channel_id
            if permissions is None:
                perms = self.permissions_for(guild_id, int(invoker["id"]))
            elif isinstance(permissions, discord.Permissions):
                perms = permissions.value
            else:
                perms = int(permissions)
            known = self.members[guild_id].get(int(invoker["id"]))
            inv_member = copy.deepcopy(known) if known else member(invoker)
            inv_member["user"] = invoker
            inv_member["permissions"] = str(perms)
            app_perms = self.permissions_for(guild_id, BOT_USER_ID)
            payload.update(
                {
                    "guild_id": str(guild_id),
                    "guild": {
                        "id": str(guild_id),
                        "locale": "en-US",
                        "features": self.guilds[guild_id]["features"],
                    },
                    "guild_locale": "en-US",
                    "channel_id": str(cid),
                    "channel": {**self._channel(cid), "permissions": str(perms)},
                    "member": inv_member,
                    "app_permissions": str(app_perms),
                    "authorizing_integration_owners": {"0": str(guild_id)},
                    "context": 0,
                }
            )
        else:
            dm_id = channel_id or snowflake()
            dm = self.channels.get(dm_id) or {
                "id": str(dm_id),
                "type": 1,
                "last_message_id": None,
                "flags": 0,
                "recipients": [invoker],
            }
            self.channels.setdefault(dm_id, dm)
            payload.update(
                {
                    "channel_id": str(dm_id),
                    "channel": dm,
                    "user": invoker,
                    "app_permissions": str(EVERYONE_PERMISSIONS),
                    "authorizing_integration_owners": {"0": "0"},
                    "context": 1,
                }
            )
        if message is not None:
            payload["message"] = message
        return payload

    def _command_meta(self, name: str, command_guild_id: int | None) -> tuple[str, int | None]:
        """The synced command's id and, for a guild command, its guild.

        discord.py looks a command up among the guild's commands when ``data.guild_id`` is set.
        """
        if command_guild_id is not None:
            cmds = self.guild_commands.get(command_guild_id, [])
            found = next((c for c in cmds if c["name"] == name), None)
            return (found["id"] if found else str(snowflake())), command_guild_id
        for c in self.global_commands:
            if c["name"] == name:
                return c["id"], None
        for gid, cmds in self.guild_commands.items():
            for c in cmds:
                if c["name"] == name:
                    return c["id"], gid
        return str(snowflake()), None

    def _command_data(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[JSON] | None,
        subcommand: str | None,
        group: str | None,
        command_guild_id: int | None,
        resolved: JSON | None,
    ) -> JSON:
        opts = _options(options)
        if subcommand is not None:
            opts = [{"name": subcommand, "type": 1, "options": opts}]
        if group is not None:
            if subcommand is None:
                raise ValueError("a sub-command group needs a sub-command")
            opts = [{"name": group, "type": 2, "options": opts}]
        cmd_id, cmd_guild = self._command_meta(name, command_guild_id)
        data: JSON = {"id": cmd_id, "name": name, "type": 1, "options": opts}
        if cmd_guild is not None:
            data["guild_id"] = str(cmd_guild)
        if resolved:
            data["resolved"] = resolved
        return data

    def slash(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[JSON] | None = None,
        *,
        subcommand: str | None = None,
        group: str | None = None,
        user: JSON | None = None,
        permissions: int | str | discord.Permissions | None = None,
        guild_id: int | None = _MISSING,
        channel_id: int | None = None,
        command_guild_id: int | None = None,
        resolved: JSON | None = None,
        locale: str | None = None,
    ) -> JSON:
        """An APPLICATION_COMMAND (type 2) interaction: ``/name [group] [subcommand] options``."""
        data = self._command_data(name, options, subcommand, group, command_guild_id, resolved)
        return self._interaction(
            2,
            data,
            user=user,
            permissions=permissions,
            guild_id=self.guild_id if guild_id is _MISSING else guild_id,
            channel_id=channel_id,
            locale=locale,
        )

    def autocomplete(
        self,
        name: str,
        focused_option: str,
        value: str,
        *,
        options: Mapping[str, Any] | Sequence[JSON] | None = None,
        subcommand: str | None = None,
        group: str | None = None,
        option_type: int = 3,
        user: JSON | None = None,
        guild_id: int | None = _MISSING,
        channel_id: int | None = None,
        command_guild_id: int | None = None,
    ) -> JSON:
        """An APPLICATION_COMMAND_AUTOCOMPLETE (type 4); ``value`` is the partial input."""
        focused = {"name": focused_option, "type": option_type, "value": value, "focused": True}
        data = self._command_data(
            name, [*_options(options), focused], subcommand, group, command_guild_id, None
        )
        return self._interaction(
            4,
            data,
            user=user,
            permissions=None,
            guild_id=self.guild_id if guild_id is _MISSING else guild_id,
            channel_id=channel_id,
        )

    def _component_message(
        self, message: JSON | int | None, component: JSON, channel_id: int | None
    ) -> JSON:
        if isinstance(message, dict):
            return message
        if isinstance(message, int):
            return self.messages[message]
        cid = channel_id or self.text_channel_id
        ch = self._channel(cid)
        return self._new_message(
            cid,
            {"content": "", "components": [{"type": 1, "id": 1, "components": [component]}]},
            [],
            guild_id=ch.get("guild_id"),
        )

    def button(
        self,
        custom_id: str,
        *,
        message: JSON | int | None = None,
        user: JSON | None = None,
        permissions: int | str | discord.Permissions | None = None,
        guild_id: int | None = _MISSING,
        channel_id: int | None = None,
    ) -> JSON:
        """A MESSAGE_COMPONENT (type 3) button click. ``message`` is a stored message id or
        message object (e.g. the bot's post, so views bound to that message match); by default a
        bot message carrying just this button is made up."""
        comp = {"type": 2, "id": 2, "style": 1, "label": custom_id, "custom_id": custom_id}
        msg = self._component_message(message, comp, channel_id)
        return self._interaction(
            3,
            {"custom_id": custom_id, "component_type": 2, "id": 2},
            user=user,
            permissions=permissions,
            guild_id=self.guild_id if guild_id is _MISSING else guild_id,
            channel_id=channel_id or int(msg["channel_id"]),
            message=msg,
        )

    def select(
        self,
        custom_id: str,
        values: Sequence[str],
        *,
        component_type: int = 3,
        resolved: JSON | None = None,
        message: JSON | int | None = None,
        user: JSON | None = None,
        permissions: int | str | discord.Permissions | None = None,
        guild_id: int | None = _MISSING,
        channel_id: int | None = None,
    ) -> JSON:
        """A MESSAGE_COMPONENT (type 3) select. component_type 3 string, 5 user, 6 role,
        7 mentionable, 8 channel (the non-string ones need ``resolved``)."""
        comp = {
            "type": component_type,
            "id": 2,
            "custom_id": custom_id,
            "options": [{"label": v, "value": v} for v in values] if component_type == 3 else [],
            "min_values": 1,
            "max_values": max(1, len(values)),
        }
        msg = self._component_message(message, comp, channel_id)
        data: JSON = {
            "custom_id": custom_id,
            "component_type": component_type,
            "id": 2,
            "values": list(values),
        }
        if resolved:
            data["resolved"] = resolved
        return self._interaction(
            3,
            data,
            user=user,
            permissions=permissions,
            guild_id=self.guild_id if guild_id is _MISSING else guild_id,
            channel_id=channel_id or int(msg["channel_id"]),
            message=msg,
        )

    def modal_submit(
        self,
        custom_id: str,
        fields: Mapping[str, str | Sequence[str]],
        *,
        user: JSON | None = None,
        permissions: int | str | discord.Permissions | None = None,
        guild_id: int | None = _MISSING,
        channel_id: int | None = None,
    ) -> JSON:
        """A MODAL_SUBMIT (type 5). ``fields`` maps each input's custom_id to its text (or a list
        of values for a select). The layout mirrors the modal the bot opened (callback type 9):
        labels (type 18) or action rows (type 1)."""
        sent = self.modals.get(custom_id)
        components: list[JSON] = []
        if sent is not None:
            for row in sent.get("components", []):
                inner = (
                    row["component"] if row["type"] == 18 else (row.get("components") or [None])[0]
                )
                if inner is None or inner.get("custom_id") not in fields:
                    continue
                submitted = _submitted(
                    inner["type"], inner["custom_id"], fields[inner["custom_id"]], inner.get("id")
                )
                if row["type"] == 18:
                    components.append({"type": 18, "id": row.get("id"), "component": submitted})
                else:
                    components.append({"type": 1, "id": row.get("id"), "components": [submitted]})
        else:
            for i, (cid, value) in enumerate(fields.items()):
                sub = _submitted(4 if isinstance(value, str) else 3, cid, value, i * 2 + 2)
                components.append({"type": 1, "id": i * 2 + 1, "components": [sub]})
        return self._interaction(
            5,
            {"custom_id": custom_id, "components": components},
            user=user,
            permissions=permissions,
            guild_id=self.guild_id if guild_id is _MISSING else guild_id,
            channel_id=channel_id,
        )

    # -- gateway payload builders ------------------------------------------

    def poll_vote(
        self,
        message_id: int,
        answer_id: int,
        *,
        user_id: int = MEMBER_ID,
        channel_id: int | None = None,
    ) -> JSON:
        """Data for MESSAGE_POLL_VOTE_ADD / MESSAGE_POLL_VOTE_REMOVE."""
        msg = self.messages.get(message_id)
        cid = channel_id or (int(msg["channel_id"]) if msg else self.text_channel_id)
        data: JSON = {
            "user_id": str(user_id),
            "channel_id": str(cid),
            "message_id": str(message_id),
            "answer_id": answer_id,
        }
        gid = self.channels.get(cid, {}).get("guild_id")
        if gid is not None:
            data["guild_id"] = gid
        return data

    def scheduled_event_user(self, event_id: int, *, user_id: int = MEMBER_ID) -> JSON:
        """Data for GUILD_SCHEDULED_EVENT_USER_ADD / _REMOVE."""
        ev = self.scheduled_events.get(event_id)
        gid = ev["guild_id"] if ev else str(self.guild_id)
        return {"guild_scheduled_event_id": str(event_id), "user_id": str(user_id), "guild_id": gid}

    def voice_state(
        self,
        channel_id: int | None,
        *,
        user_id: int = MEMBER_ID,
        guild_id: int | None = None,
        self_mute: bool = False,
        self_deaf: bool = False,
    ) -> JSON:
        """Data for VOICE_STATE_UPDATE: ``channel_id`` None means the user left voice."""
        gid = guild_id or self.guild_id
        m = self.members[gid].get(user_id) or member(user(user_id, f"user{user_id}"))
        return {
            "guild_id": str(gid),
            "channel_id": str(channel_id) if channel_id is not None else None,
            "user_id": str(user_id),
            "member": m,
            "session_id": secrets.token_hex(16),
            "deaf": False,
            "mute": False,
            "self_deaf": self_deaf,
            "self_mute": self_mute,
            "self_stream": False,
            "self_video": False,
            "suppress": False,
            "request_to_speak_timestamp": None,
        }


# ---------------------------------------------------------------------------
# Module helpers
# ---------------------------------------------------------------------------


def _norm_method(method: str | None) -> str | None:
    return method.upper() if method is not None else None


def _option_type(value: Any) -> int:
    if isinstance(value, bool):  # bool before int: bool is an int subclass
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3


def _options(options: Mapping[str, Any] | Sequence[JSON] | None) -> list[JSON]:
    """``{"title": "x", "n": 3}`` (types: str 3, int 4, bool 5, float 10) or full option dicts."""
    if options is None:
        return []
    if isinstance(options, Mapping):
        return [{"name": k, "type": _option_type(v), "value": v} for k, v in options.items()]
    return [dict(o) for o in options]


def _submitted(type_: int, custom_id: str, value: str | Sequence[str], comp_id: int | None) -> JSON:
    out: JSON = {"type": type_, "custom_id": custom_id}
    if comp_id is not None:
        out["id"] = comp_id
    if type_ == 4:
        out["value"] = value if isinstance(value, str) else "".join(value)
    else:
        out["values"] = [value] if isinstance(value, str) else list(value)
    return out


def _refuse(problems: list[str]) -> None:
    """400 50035 naming what Discord would name, when `discord_rules` found anything."""
    if problems:
        errors = {p.split(":", 1)[0]: {"_errors": [{"message": p}]} for p in problems}
        raise DiscordHTTPError(400, 50035, "Invalid Form Body", errors)


def _check_poll(create: JSON) -> None:
    """400 50035 for a poll Discord refuses (discord.com/developers/docs/resources/poll,
    poll create request object): a question of at most 300 characters, 1 to 10 answers of at
    most 55, and a duration of 1 to 768 hours (32 days)."""
    question = (create.get("question") or {}).get("text") or ""
    answers = create.get("answers") or []
    duration = create.get("duration", 24)
    if not question or len(question) > 300:
        raise _invalid_form("poll.question.text", "Must be between 1 and 300 in length.")
    if not 1 <= len(answers) <= 10:
        raise _invalid_form("poll.answers", "Must be between 1 and 10 in length.")
    for n, answer in enumerate(answers):
        text = (answer.get("poll_media") or {}).get("text") or ""
        if not text or len(text) > 55:
            raise _invalid_form(
                f"poll.answers.{n}.poll_media.text", "Must be between 1 and 55 in length."
            )
    # discord.py sends hours as a float (768.0); Discord takes any number of hours in range.
    if isinstance(duration, bool) or not isinstance(duration, int | float):
        raise _invalid_form("poll.duration", "Must be a number of hours.")
    if not 1 <= duration <= 768:
        raise _invalid_form("poll.duration", "int value should be less than or equal to 768.")


def _poll_object(create: JSON, created: datetime) -> JSON:
    """The poll Discord stores for a create request: answers get ids from 1, expiry is set."""
    hours = float(create.get("duration") or 24)
    return {
        "question": create["question"],
        "answers": [
            {"answer_id": i, "poll_media": a["poll_media"]}
            for i, a in enumerate(create["answers"], start=1)
        ],
        "expiry": _iso(created + timedelta(hours=hours)),
        "allow_multiselect": bool(create.get("allow_multiselect", False)),
        "layout_type": int(create.get("layout_type") or 1),
        "results": {"is_finalized": False, "answer_counts": []},
    }


def _attachments(body: JSON, files: list[RecordedFile], existing: list[JSON]) -> list[JSON]:
    by_field = {f.field: f for f in files}
    kept = {a["id"]: a for a in existing}
    out = []
    specs = body.get("attachments")
    if specs is None:
        specs = [{"id": i} for i in range(len(files))]
    for spec in specs:
        upload = by_field.get(f"files[{spec['id']}]")
        if upload is not None:
            aid = snowflake()
            filename = spec.get("filename") or upload.filename or f"file{spec['id']}"
            url = f"https://cdn.discordapp.com/attachments/0/{aid}/{filename}"
            out.append(
                {
                    "id": str(aid),
                    "filename": filename,
                    "description": spec.get("description"),
                    "content_type": upload.content_type,
                    "size": len(upload.data),
                    "url": url,
                    "proxy_url": url.replace("cdn.discordapp.com", "media.discordapp.net"),
                    "spoiler": filename.startswith("SPOILER_"),
                    "flags": 0,
                }
            )
        elif str(spec["id"]) in kept:
            out.append(kept[str(spec["id"])])
    return out


async def _read_body(request: web.Request) -> tuple[Any, list[RecordedFile]]:
    if not request.can_read_body:
        return None, []
    if request.content_type.startswith("multipart/"):
        payload: Any = None
        files: list[RecordedFile] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            data = bytes(await part.read(decode=False))
            if part.name == "payload_json":
                payload = json.loads(data)
            else:
                files.append(
                    RecordedFile(
                        field=part.name or "",
                        filename=part.filename,
                        content_type=part.headers.get("Content-Type"),
                        data=data,
                    )
                )
        return payload, files
    raw = await request.read()
    if not raw:
        return None, []
    with contextlib.suppress(ValueError):
        return json.loads(raw), []
    return raw.decode(errors="replace"), []
