"""The fake Discord's state and the helpers every API family uses (lookups, permissions, echoes)."""

# The waiters take ``timeout=`` on purpose: it is the API tests call, not a cancellation scope.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import copy
import itertools
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

import discord
from aiohttp import web

from paperclub_fakes.discord_fake.connection import GatewayConnection
from paperclub_fakes.discord_fake.errors import DiscordHTTPError, not_found
from paperclub_fakes.discord_fake.objects import (
    ALL_PERMISSIONS,
    API_PREFIX,
    APP_ID,
    BOT_ROLE_ID,
    BOT_USER,
    BOT_USER_ID,
    JSON,
    OWNER_USER,
    THREAD_TYPES,
    TOKEN,
    FakeGuild,
    default_guild,
    member,
    real_now,
)
from paperclub_fakes.discord_fake.overwrites import in_channel
from paperclub_fakes.discord_fake.recording import Handler, Injection, RecordedRequest
from paperclub_fakes.served import Served

T = TypeVar("T")


class DiscordState(Served):
    """What every part of the fake Discord shares: its guilds, channels, messages, recorded
    requests and gateway connections, and the helpers that read them."""

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
        self._interaction_by_token: dict[str, int] = {}
        self._interaction_sent_at: dict[int, float] = {}
        self._acked: dict[int, int] = {}
        self._originals: dict[str, int] = {}
        # When each edit of an interaction's messages arrived, by token (see _count_edit).
        self.edit_times: dict[str, list[float]] = {}
        self.refused_edits = 0
        self._followups: dict[str, set[int]] = {}
        self._nonces: dict[tuple[int, str], int] = {}
        self._injections: list[Injection] = []
        # Requests kept waiting by `hold` until its gate opens, and those waiting now.
        self._holds: list[tuple[str, re.Pattern[str], asyncio.Event]] = []
        self.held: list[RecordedRequest] = []
        self._connections: list[GatewayConnection] = []
        self._seq = itertools.count(1)
        self._cond = asyncio.Condition()
        self._waiting = 0  # callers in _wait_until; _bump wakes them
        self._ready = asyncio.Event()
        self._background: set[asyncio.Task[None]] = set()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self._routes = self._route_table()
        self.uploads: dict[str, bytes] = {}  # attachment id -> bytes served from the "CDN"

    def _route_table(self) -> list[tuple[str, re.Pattern[str], Handler]]:
        """The REST routes; FakeDiscord lists them (each part adds its own handlers)."""
        return []

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

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

    def permissions_in(self, guild_id: int, channel_id: int, user_id: int) -> int:
        """The member's permissions in a channel, its overwrites applied: what Discord sends
        as an interaction's `member.permissions`."""
        m = self.members[guild_id].get(user_id)
        roles = m["roles"] if m else []
        channel = self._channel(channel_id)
        if channel.get("parent_id") and channel["type"] in THREAD_TYPES:
            channel = self._channel(channel["parent_id"])  # a thread has its parent's
        guild_level = self.permissions_for(guild_id, user_id)
        return in_channel(guild_level, channel, guild_id, roles, user_id)

    def add_scheduled_event_user(self, event_id: int, event_user: JSON) -> None:
        """Make GET .../scheduled-events/{id}/users list this user as interested."""
        self.scheduled_event_users.setdefault(event_id, []).append(event_user)

    def _bump(self) -> None:
        # Only when someone waits: in a burst of clicks with nobody waiting, a task per
        # request and gateway payload was most of what the fake's own loop did besides HTTP.
        if not self._waiting:
            return

        async def notify() -> None:
            async with self._cond:
                self._cond.notify_all()

        self._spawn(notify())

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _wait_until(self, check: Callable[[], T | None], timeout: float, what: str) -> T:
        async def inner() -> T:
            async with self._cond:
                self._waiting += 1
                try:
                    while True:
                        result = check()
                        if result is not None:
                            return result
                        await self._cond.wait()
                finally:
                    self._waiting -= 1

        try:
            return await asyncio.wait_for(inner(), timeout)
        except TimeoutError:
            seen = ", ".join(f"{r.method} {r.path} -> {r.status}" for r in self.requests) or "none"
            raise AssertionError(
                f"timed out after {timeout}s waiting for {what}; requests so far: {seen}"
            ) from None

    def _echo(self, event: str, data: JSON, intent: int) -> None:
        """Send the gateway event Discord emits after a REST change, to clients with the intent."""
        if not self.echo_events:
            return
        for conn in self._connections:
            if conn.identified and conn.intents & intent:
                self._spawn(conn.send({"op": 0, "t": event, "d": copy.deepcopy(data)}))

    def _channel(self, channel_id: str | int) -> JSON:
        ch = self.channels.get(int(channel_id))
        if ch is None:
            raise not_found(10003, "Channel")
        return ch

    def _bot_may(self, guild_id: Any, *flags: str) -> None:
        """403 50013 ("Missing Permissions"), as Discord answers, when the bot's role lacks one
        of `flags` (guild-level permissions; the fake has no channel overwrites)."""
        if guild_id is None:
            return
        granted = discord.Permissions(self.permissions_for(int(guild_id), BOT_USER_ID))
        if not all(getattr(granted, flag) for flag in flags):
            raise DiscordHTTPError(403, 50013, "Missing Permissions")

    def _guild(self, guild_id: str | int) -> JSON:
        g = self.guilds.get(int(guild_id))
        if g is None:
            raise not_found(10004, "Guild")
        return g
