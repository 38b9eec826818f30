"""The App Home tab: the core's home summary for the member (`home_summary`: which clubs, in
what order, and the privacy rule), rendered as Block Kit. Charts stay out of the tab: opening it
must not post files.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.commands import HOME_BLOCK_PREFIX, Handlers
from bot.adapters.slack.render import fit, message
from bot.adapters.slack.text import SURFACE_BLOCK_LIMIT, Block, divider, escape, header, section
from bot.core.usecases.home_summary import home_summary
from bot.core.views import Reply
from bot.i18n import _, speaking

log = logging.getLogger(__name__)


class SlackChannels:
    """Tells the core whether a channel is private, from `conversations.info`."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def is_private(self, channel_id: str) -> bool | None:
        try:
            info = await self.client.conversations_info(channel=channel_id)
        except SlackApiError:
            log.warning("conversations.info failed", extra={"channel": channel_id})
            return None
        return bool((info.get("channel") or {}).get("is_private"))


async def home_view(
    handlers: Handlers, client: AsyncWebClient, team_id: str, user_id: str
) -> dict[str, Any]:
    ctx = await handlers.members.context(client, team_id=team_id, channel_id="", user_id=user_id)
    links = handlers.dispatcher.deps.publishing
    summary = await home_summary(ctx.actor, team_id, SlackChannels(client), links, ctx.locale)
    with speaking(summary.language):
        blocks: list[Block] = [header(_("Paper club"))]
        if not summary.sections:
            text = _(
                "No channel here has a paper club yet. An admin can start one in any channel. "
                "Type /club setup there."
            )
            blocks.append(section(handlers.renderer().ours(escape(text))))
    for club in summary.sections:
        channel = club.channel_id
        renderer = handlers.renderer(block_prefix=f"{HOME_BLOCK_PREFIX}{channel}")
        with speaking(club.language):
            # The mention is Slack's own markup, put in after the sentence is translated.
            where = _("{club} in {channel}").format(
                club=f"*{escape(club.club_name)}*", channel=f"<#{escape(channel)}>"
            )
        blocks += [divider(), section(where)]
        for view in club.views:
            reply = Reply(view, language=club.language)
            blocks += message(reply, renderer, SURFACE_BLOCK_LIMIT)["blocks"]
    return {"type": "home", "blocks": fit(blocks, SURFACE_BLOCK_LIMIT)}
