"""Sending a reply back: through the interaction's response_url, or through the Web API."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.render import Renderer, message
from bot.core.views import Reply


async def respond_with(respond: AsyncRespond, reply: Reply, renderer: Renderer) -> None:
    """Private replies are ephemeral; the others are posted for the whole channel."""
    body = message(reply, renderer)
    await respond(
        text=body["text"],
        blocks=body["blocks"],
        response_type="ephemeral" if reply.private else "in_channel",
        replace_original=False,
        unfurl_links=False,
    )


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
