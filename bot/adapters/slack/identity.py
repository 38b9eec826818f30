"""Who is asking and from which club: Slack payloads to the core's `Context`.

Admin rights come from Slack itself (workspace admins and owners, via `users.info`) or from the
configured `slack_admin_users`; they are looked up server-side on every request, never taken from
the payload, and cached briefly so a busy channel does not hit Slack's rate limits.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.access import SlackChannelCheck
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform

log = logging.getLogger(__name__)

CACHE_SECONDS = 120.0


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    is_admin: bool


class Members:
    def __init__(
        self,
        admin_users: Collection[str] = (),
        *,
        ttl: float = CACHE_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._admins = frozenset(admin_users)
        self._ttl = ttl
        self._monotonic = monotonic
        self._cache: dict[tuple[str, str], tuple[float, Profile]] = {}

    async def profile(
        self, client: AsyncWebClient, team_id: str, user_id: str, fallback: str
    ) -> Profile:
        key = (team_id, user_id)
        now = self._monotonic()
        cached = self._cache.get(key)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        try:
            answer = await client.users_info(user=user_id)
            user = answer.get("user")
            if not isinstance(user, Mapping):
                raise TypeError(f"users.info answered without a user object: {user!r:.80}")
        except (SlackApiError, KeyError, TypeError):
            # Unknown rights mean no rights; the member can still use every other command.
            log.warning("users.info failed", extra={"user": user_id}, exc_info=True)
            return Profile(fallback or user_id, user_id in self._admins)
        profile = user.get("profile")
        profile = profile if isinstance(profile, Mapping) else {}
        name = profile.get("display_name") or user.get("real_name") or user.get("name")
        is_admin = bool(user.get("is_admin") or user.get("is_owner")) or user_id in self._admins
        found = Profile(str(name or fallback or user_id), is_admin)
        self._cache[key] = (now, found)
        return found

    async def context(
        self,
        client: AsyncWebClient,
        *,
        team_id: str,
        channel_id: str,
        user_id: str,
        user_name: str = "",
        channel_name: str = "",
    ) -> Context:
        profile = await self.profile(client, team_id, user_id, user_name)
        member = MemberKey(Platform.SLACK, team_id, user_id)
        club = ClubKey(Platform.SLACK, team_id, channel_id)
        actor = Actor(member, profile.name, profile.is_admin)
        return Context(club, actor, channel_name, SlackChannelCheck(client, channel_id))


def team_of(body: Mapping[str, Any]) -> str:
    """The workspace of any payload (slash command, interaction or event)."""
    team = body.get("team")
    if isinstance(team, Mapping) and team.get("id"):
        return str(team["id"])
    user = body.get("user")
    if isinstance(user, Mapping) and user.get("team_id"):
        return str(user["team_id"])
    return str(body.get("team_id") or body.get("enterprise_id") or "")
