"""Can the bot post in a Slack channel? Asked when a club is set up there.

A bot posts only where it is a member (chat:write without chat:write.public, which would cover
public channels only): elsewhere chat.postMessage answers not_in_channel, or channel_not_found
for a private channel it can't see. conversations.info says is_member for a public channel and
answers channel_not_found for a private one the bot isn't in.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.ports import ChannelAccess
from bot.core.text import t

log = logging.getLogger(__name__)

BOT_NAME = "paperclub"  # the bot user's display name in slack/manifest.*.yml
INVITE = t("Invite me with /invite @{bot}, then run /paperclub club setup again.", bot=BOT_NAME)
NOT_A_MEMBER = ChannelAccess(can_post=False, missing=(t("a member of this channel"),), fix=INVITE)


class SlackChannelCheck:
    def __init__(self, client: AsyncWebClient, channel_id: str) -> None:
        self._client = client
        self._channel = channel_id

    async def access(self) -> ChannelAccess:
        try:
            info = await self._client.conversations_info(channel=self._channel)
        except SlackApiError as exc:
            if exc.response.get("error") == "channel_not_found":
                return NOT_A_MEMBER
            # Not knowing is no reason to refuse: the outbox will say what went wrong.
            log.warning("conversations.info failed", extra={"error": exc.response.get("error")})
            return ChannelAccess()
        channel = info.get("channel") or {}
        if channel.get("is_im") or channel.get("is_member"):
            return ChannelAccess()
        return NOT_A_MEMBER
