"""Who is asking and from which club: Slack payloads to the core's `Context`.

Admin rights come from Slack itself (workspace admins and owners, via `users.info`) or from the
configured `slack_admin_users`; they are looked up server-side on every request, never taken from
the payload, and cached briefly so a busy channel does not hit Slack's rate limits. The same
call (`include_locale`) tells the member's own language, which their private answers follow
when the club allows it. The cache holds at most MAX_CACHED members (the least recently asked
go first), and while Slack answers `ratelimited` the last known profile (or the fallback) is
used until its Retry-After has passed instead of asking again.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_bolt.request.internals import extract_enterprise_id, extract_team_id
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.access import SlackChannelCheck
from bot.core.commands.context import Context
from bot.core.domain.errors import PaperclubError
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.text import t

log = logging.getLogger(__name__)

CACHE_SECONDS = 120.0
MAX_CACHED = 10_000
RATE_LIMIT_SECONDS = 60.0  # when a 429 names no Retry-After


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    is_admin: bool
    locale: str | None = None  # e.g. "ko-KR"; None where Slack did not say


class Members:
    def __init__(
        self,
        admin_users: Collection[str] = (),
        *,
        ttl: float = CACHE_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
        max_cached: int = MAX_CACHED,
    ) -> None:
        self._max_cached = max_cached
        self._admins = frozenset(admin_users)
        self._ttl = ttl
        self._monotonic = monotonic
        # (team, user) -> (until when it holds, profile); insertion order is recency.
        self._cache: OrderedDict[tuple[str, str], tuple[float, Profile]] = OrderedDict()

    async def profile(
        self, client: AsyncWebClient, team_id: str, user_id: str, fallback: str
    ) -> Profile:
        key = (team_id, user_id)
        now = self._monotonic()
        cached = self._cache.get(key)
        if cached is not None and now < cached[0]:
            self._cache.move_to_end(key)
            return cached[1]
        try:
            answer = await client.users_info(user=user_id, include_locale=True)
            user = answer.get("user")
            if not isinstance(user, Mapping):
                raise TypeError(f"users.info answered without a user object: {user!r:.80}")
        except SlackApiError as exc:
            log.warning("users.info failed", extra={"user": user_id}, exc_info=True)
            known = cached[1] if cached is not None else self._unknown(user_id, fallback)
            if exc.response.status_code == 429:
                # Asking again before Retry-After only earns another 429.
                self._remember(key, now + _retry_after(exc), known)
            return known
        except (KeyError, TypeError):
            log.warning("users.info failed", extra={"user": user_id}, exc_info=True)
            return self._unknown(user_id, fallback)
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            # No answer at all (the connection failed or timed out): the member as last known;
            # never known, they are told, rather than run as someone with no rights.
            log.warning("users.info got no answer", extra={"user": user_id}, exc_info=True)
            if cached is not None:
                return cached[1]
            raise SlackUnreachable() from exc
        profile = user.get("profile")
        profile = profile if isinstance(profile, Mapping) else {}
        name = profile.get("display_name") or user.get("real_name") or user.get("name")
        is_admin = self.grants_admin(user, user_id)
        locale = user.get("locale")
        found = Profile(
            str(name or fallback or user_id), is_admin, locale if isinstance(locale, str) else None
        )
        self._remember(key, now + self._ttl, found)
        return found

    def grants_admin(self, user: Mapping[str, Any], user_id: str) -> bool:
        """The one rule, for chat and for the management page's sign-in (admin_check.py): a
        workspace admin or owner as users.info says, or a configured admin."""
        return bool(user.get("is_admin") or user.get("is_owner")) or user_id in self._admins

    def _unknown(self, user_id: str, fallback: str) -> Profile:
        # Unknown rights mean no rights; the member can still use every other command.
        return Profile(fallback or user_id, user_id in self._admins)

    def _remember(self, key: tuple[str, str], until: float, profile: Profile) -> None:
        self._cache[key] = (until, profile)
        self._cache.move_to_end(key)
        while len(self._cache) > self._max_cached:
            self._cache.popitem(last=False)

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
        check = SlackChannelCheck(client, channel_id)
        return Context(club, actor, channel_name, check, locale=profile.locale)


def _retry_after(exc: SlackApiError) -> float:
    try:
        return max(1.0, float(exc.response.headers.get("Retry-After", RATE_LIMIT_SECONDS)))
    except (TypeError, ValueError):
        return RATE_LIMIT_SECONDS


class SlackUnreachable(PaperclubError):
    """Slack could not be asked who the member is (no answer at all), and nobody knew."""

    def __init__(self) -> None:
        super().__init__(
            t("I couldn't reach Slack to check who you are, so nothing was done."),
            hint=t("Please try again in a moment."),
        )


class MixedWorkspaces(PaperclubError):
    """A payload that names more than one workspace: whose token, club and admins would it get?"""

    def __init__(self, named: Collection[str]) -> None:
        super().__init__(
            t(
                "This came from another workspace than the one it was opened in, so paperclub "
                "can't tell which club it is for. Open it again from the club's channel."
            )
        )
        self.named = tuple(sorted(named))


def workspace_of(body: Mapping[str, Any]) -> str:
    """The one workspace of a payload (slash command, interaction or event): the installation
    whose token answers it, the workspace of its club and of its admin check.

    Bolt finds the token by `extract_team_id`, which prefers `view.app_installed_team_id` to
    `team.id`; so the same function decides here, and a payload whose other workspace ids
    name another workspace is refused (MixedWorkspaces) rather than resolved either way.
    A member's own `user.team_id` may differ (a guest from a shared channel): their rights
    are looked up in this workspace, never taken from their home one.
    """
    chosen = extract_team_id(dict(body))
    chosen = chosen if isinstance(chosen, str) else ""
    named = {value for value in _workspace_ids(body) if value}
    every = named | {chosen} if chosen else named
    # Two workspaces named, or Bolt choosing none (or an empty one) while one is named.
    if len(every) > 1 or (named and chosen not in named):
        raise MixedWorkspaces(every)
    if chosen:
        return chosen
    # Org-wide installs (Enterprise Grid) may name no workspace; the org is then the workspace.
    return str(extract_enterprise_id(dict(body)) or "")


def _workspace_ids(body: Mapping[str, Any]) -> list[Any]:
    """Every place a payload names the workspace it is for (not the member's home team)."""
    found: list[Any] = [body.get("team_id")]
    team = body.get("team")
    found.append(team.get("id") if isinstance(team, Mapping) else team)
    view = body.get("view")
    if isinstance(view, Mapping):
        found += [view.get("team_id"), view.get("app_installed_team_id")]
    authorizations = body.get("authorizations")
    if isinstance(authorizations, list) and authorizations:
        # Bolt reads the first one only: it is the installation the event is delivered for.
        first = authorizations[0]
        found.append(first.get("team_id") if isinstance(first, Mapping) else None)
    return [value if isinstance(value, str) else None for value in found]
