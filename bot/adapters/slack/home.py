"""The App Home tab: for each club in the workspace, this week's paper, the open vote with the
member's own ballot, the next sessions and the member's stats.

Each section is an ordinary command run as the member, so the tab grows with the catalog: when
`/stats` (or any command in HOME_COMMANDS) exists, its view appears here too. Charts stay out of
the tab: opening it must not post files.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.commands import HOME_BLOCK_PREFIX, Handlers
from bot.adapters.slack.render import fit, message
from bot.adapters.slack.text import SURFACE_BLOCK_LIMIT, Block, divider, escape, header, section
from bot.core.domain.clubs import Club
from bot.core.domain.ids import Platform
from bot.core.views import ErrorView

log = logging.getLogger(__name__)

HOME_COMMANDS = ("/paper", "/vote", "/schedule 3", "/stats")
# Shown only when they answer without an error: "no vote is open" is no news on the Home tab.
OPTIONAL_COMMANDS = frozenset({"/vote"})
MAX_CLUBS = 3


async def home_view(
    handlers: Handlers, client: AsyncWebClient, team_id: str, user_id: str
) -> dict[str, Any]:
    blocks: list[Block] = [header("Paper club")]
    clubs = await _visible_clubs(handlers, client, team_id)
    if not clubs:
        text = "No channel here has a paper club yet. An admin can start one in any channel."
        blocks.append(section(handlers.renderer().ours(text + " Type /club setup there.")))
    names = {spec.name.split(" ", 1)[0] for spec in handlers.dispatcher.catalog.specs}
    lines = [line for line in HOME_COMMANDS if line.split()[0].removeprefix("/") in names]
    for club in clubs[:MAX_CLUBS]:
        channel = club.key.channel_id
        ctx = await handlers.members.context(
            client, team_id=team_id, channel_id=channel, user_id=user_id
        )
        renderer = handlers.renderer(block_prefix=f"{HOME_BLOCK_PREFIX}{channel}")
        blocks += [divider(), section(f"*{escape(club.name)}* in <#{escape(channel)}>")]
        for line in lines:
            reply = await handlers.dispatcher.run_text(line, ctx)
            if line in OPTIONAL_COMMANDS and isinstance(reply.view, ErrorView):
                continue
            blocks += message(reply, renderer, SURFACE_BLOCK_LIMIT)["blocks"]
    return {"type": "home", "blocks": fit(blocks, SURFACE_BLOCK_LIMIT)}


async def _visible_clubs(handlers: Handlers, client: AsyncWebClient, team_id: str) -> list[Club]:
    """The workspace's clubs in public channels: a private channel's paper and schedule are
    for its members only, and the Home tab is seen by everyone in the workspace."""
    async with handlers.dispatcher.deps.uow() as uow:
        clubs = [
            c
            for c in await uow.clubs.all()
            if c.key.platform is Platform.SLACK and c.key.workspace_id == team_id
        ]
    visible = []
    for club in clubs:
        try:
            info = await client.conversations_info(channel=club.key.channel_id)
        except SlackApiError:
            log.warning("conversations.info failed", extra={"club": str(club.key)})
            continue
        if not (info.get("channel") or {}).get("is_private"):
            visible.append(club)
    return visible
