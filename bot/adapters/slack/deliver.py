"""Sending a reply back: through the interaction's response_url, or through the Web API."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.shared.progress_board import ThrottledBoard
from bot.adapters.slack import modals
from bot.adapters.slack.render import Renderer, message
from bot.adapters.slack.text import SURFACE_BLOCK_LIMIT
from bot.core.views import Reply, View


async def respond_with(
    respond: AsyncRespond, reply: Reply, renderer: Renderer, *, replace: bool = False
) -> None:
    """Private replies are ephemeral; the others are posted for the whole channel. `replace`:
    in place of the message this response_url posted before (a private answer's progress)."""
    body = message(reply, renderer)
    await respond(
        text=body["text"],
        blocks=body["blocks"],
        response_type="ephemeral" if reply.private else "in_channel",
        replace_original=replace and reply.private,
        unfurl_links=False,
    )


# Slack takes at most five posts to one response_url in 30 minutes: three for progress, one for
# the answer, one to spare. An edit at most every second (Slack's pace for a channel's posts).
PROGRESS_USES = 3
PROGRESS_EVERY = 1.0


def response_board(respond: AsyncRespond, renderer: Renderer) -> ThrottledBoard:
    """A slow command's progress as one private message, replaced through the response_url
    (an ephemeral message has no ts, so chat.update cannot edit it)."""

    async def edit(view: View, language: str) -> None:
        body = message(Reply(view, private=True, language=language), renderer)
        await respond(
            text=body["text"],
            blocks=body["blocks"],
            response_type="ephemeral",
            replace_original=board.used,
            unfurl_links=False,
        )

    board = ThrottledBoard(edit, every=PROGRESS_EVERY, budget=PROGRESS_USES)
    board.open()
    return board


def modal_board(
    client: AsyncWebClient, view_id: str, title: str, renderer: Renderer
) -> ThrottledBoard:
    """A submitted form's progress in the form itself, kept open for it (a modal has no
    response_url): views.update, at most one a second, with no use limit. A form the member
    closed meanwhile refuses the update, which only ends the progress."""

    async def edit(view: View, language: str) -> None:
        reply = Reply(view, private=True, language=language)
        blocks = message(reply, renderer, SURFACE_BLOCK_LIMIT)["blocks"]
        await client.views_update(view_id=view_id, view=modals.notice(title, blocks))

    board = ThrottledBoard(edit, every=PROGRESS_EVERY)
    board.open()
    return board


async def post_reply(
    client: AsyncWebClient, reply: Reply, renderer: Renderer, *, channel: str, user: str
) -> None:
    """For surfaces without a response_url (modals, App Home buttons)."""
    body: dict[str, Any] = message(reply, renderer)
    if reply.private:
        await client.chat_postEphemeral(channel=channel, user=user, **body)
    else:
        await client.chat_postMessage(
            channel=channel, parse="none", link_names=False, unfurl_links=False, **body
        )
