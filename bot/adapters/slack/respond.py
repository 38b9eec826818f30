"""Bolt's `respond()` through the app's one HTTP session.

Bolt's own `respond` makes a webhook client, and with it a new aiohttp session and a new TCP
connection (against slack.com also a TLS handshake), for every answer to a `response_url`: the
bench counted two connects per Slack round trip. `SessionRespond` sends the same message through
the session the app's Web API client keeps, so answers ride on connections already open.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import aiohttp
from slack_bolt.context.respond.async_respond import AsyncRespond

# Bolt's own message building, so that an answer is the very body Bolt's `respond` would send.
from slack_bolt.context.respond.internals import _build_message
from slack_sdk.models.attachments import Attachment
from slack_sdk.models.blocks import Block
from slack_sdk.webhook import WebhookResponse
from slack_sdk.webhook.async_client import AsyncWebhookClient


class SessionRespond(AsyncRespond):
    """`respond()` for one request, sent through ``session`` (which it never closes)."""

    def __init__(
        self,
        *,
        response_url: str | None,
        session: aiohttp.ClientSession,
        logger: logging.Logger | None = None,
    ) -> None:
        super().__init__(response_url=response_url)
        self.session = session
        self.logger = logger  # None: slack_sdk's own (see sdk_logger.py)

    async def __call__(
        self,
        text: str | dict[str, Any] = "",
        blocks: Sequence[dict[str, Any] | Block] | None = None,
        attachments: Sequence[dict[str, Any] | Attachment] | None = None,
        response_type: str | None = None,
        replace_original: bool | None = None,
        delete_original: bool | None = None,
        unfurl_links: bool | None = None,
        unfurl_media: bool | None = None,
        thread_ts: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> WebhookResponse:
        if self.response_url is None:
            raise ValueError("respond is unsupported here as there is no response_url")
        if isinstance(text, dict):  # a whole message, as Bolt's respond takes it too
            message = _build_message(**text)
        else:
            message = _build_message(
                text=text,
                blocks=blocks,
                attachments=attachments,
                response_type=response_type,
                replace_original=replace_original,
                delete_original=delete_original,
                unfurl_links=unfurl_links,
                unfurl_media=unfurl_media,
                thread_ts=thread_ts,
                metadata=metadata,
            )
        client = AsyncWebhookClient(url=self.response_url, session=self.session, logger=self.logger)
        return await client.send_dict(message)
