"""Asking Slack, at the moment a management-page link is used, whether its admin still is one.

`/club manage` hands out a link that works for minutes; someone demoted meanwhile must not get
in with it (bot/core/usecases/manage_sign_in.py asks each platform's AdminCheck). The rule is
the chat's (`Members.grants_admin`: a workspace admin or owner, or a configured admin), asked
of users.info now, never of the chat's two-minute cache. A deactivated account or one Slack
does not know is a "no"; Slack not answering (an error, a timeout, the workspace's token gone)
is "cannot tell", which the sign-in refuses.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.identity import Members
from bot.core.domain.errors import PaperclubError
from bot.core.domain.ids import ClubKey, MemberKey

log = logging.getLogger(__name__)

# A sign-in waits this long for users.info before it says Slack did not answer.
CHECK_SECONDS = 10.0
# users.info errors that are an answer about the member, not a failure to answer.
NO_SUCH_MEMBER = frozenset({"user_not_found", "user_not_visible"})

ClientFor = Callable[[str], Awaitable[AsyncWebClient]]


class SlackAdminCheck:
    """bot.core.ports.AdminCheck for Slack: `client_for(team)` gives the workspace's client
    (the one bot token, or the workspace's installation)."""

    def __init__(
        self, members: Members, client_for: ClientFor, *, timeout: float = CHECK_SECONDS
    ) -> None:
        self.members = members
        self.client_for = client_for
        self.timeout = timeout

    async def __call__(self, club: ClubKey, member: MemberKey) -> bool | None:
        try:
            async with asyncio.timeout(self.timeout):
                client = await self.client_for(club.workspace_id)
                answer = await client.users_info(user=member.user_id)
            user = answer.get("user")
            if not isinstance(user, Mapping):
                raise TypeError(f"users.info answered without a user object: {user!r:.80}")
        except SlackApiError as exc:
            if exc.response.get("error") in NO_SUCH_MEMBER:
                return False
            self._unanswered(member)
            return None
        except (PaperclubError, aiohttp.ClientError, TimeoutError, TypeError):
            self._unanswered(member)
            return None
        if user.get("deleted"):
            return False
        return self.members.grants_admin(user, member.user_id)

    def _unanswered(self, member: MemberKey) -> None:
        # Logged with the failure, once: the admin sees a page saying Slack did not answer.
        log.warning(
            "slack could not say whether a member is still an admin",
            extra={"user": member.user_id},
            exc_info=True,
        )
