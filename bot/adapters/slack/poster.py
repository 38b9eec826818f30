"""Scheduled posts to Slack channels, marked with their outbox key for crash recovery.

A results post is followed by its chart. The message alone carries the key: if the bot stops
between the two, the reclaim finds the message and the chart is not sent again (nor at all).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import charts
from bot.adapters.slack.render import Renderer, message
from bot.adapters.slack.text import context, safe
from bot.adapters.slack.workspaces import Workspaces
from bot.core.ports import Outgoing, Undeliverable
from bot.core.views import Reply
from bot.i18n import say, speaking

EVENT_TYPE = "paperclub_post"
# find_posted reads the channel's history, which Slack limits hard for apps distributed outside
# the Marketplace (created, or installed, after 29 May 2025): one conversations.history request
# a minute per workspace and at most 15 messages a page (docs.slack.dev, changelog 2025-05-29,
# "Rate limit changes for non-Marketplace apps"; internal apps keep Tier 3). So it does not
# page back through the channel: it asks for the window in which the dead process can have
# posted, from its claim to SEND_WINDOW later, 15 messages at a time, two pages at most.
HISTORY_PAGE_SIZE = 15
HISTORY_PAGES = 2
SEND_WINDOW = timedelta(minutes=2)  # a send with its timeout and 429 retries
CLOCK_SKEW = timedelta(seconds=5)  # between our clock and Slack's message timestamps
# conversations.open's answers for a member the app can never DM (docs.slack.dev, the
# method's errors): gone from the workspace, deactivated, hidden, or a bot.
CANNOT_DM = frozenset({"user_not_found", "user_disabled", "user_not_visible", "cannot_dm_bot"})


class SlackPoster:
    """Posts with `client` (one workspace), or with each club's workspace client (OAuth)."""

    def __init__(
        self,
        client: AsyncWebClient,
        command_names: frozenset[str] = frozenset(),
        *,
        workspaces: Workspaces | None = None,
    ) -> None:
        self._client = client
        self._names = command_names
        self._workspaces = workspaces

    async def _client_for(self, outgoing: Outgoing) -> AsyncWebClient:
        if self._workspaces is None:
            return self._client
        # Raises NotInstalled for an uninstalled workspace: the outbox keeps the post pending.
        return await self._workspaces.client(outgoing.club.workspace_id)

    async def _destination(self, client: AsyncWebClient, outgoing: Outgoing) -> str:
        """The club's channel, or the app's DM with the member for a private message."""
        if outgoing.recipient is None:
            return outgoing.club.channel_id
        try:
            opened = await client.conversations_open(users=outgoing.recipient.user_id)
        except SlackApiError as exc:
            error = str(exc.response.get("error", ""))
            if error in CANNOT_DM:
                raise Undeliverable(f"Slack refused the DM: {error}") from exc
            raise
        return str(opened["channel"]["id"])

    async def post(self, outgoing: Outgoing) -> str:
        client = await self._client_for(outgoing)
        body = message(Reply(outgoing.view, language=outgoing.language), Renderer(self._names))
        if outgoing.late_note:
            with speaking(outgoing.language):
                late = context(f"_{safe(say(outgoing.late_note))}_")
            body["blocks"] = [*body["blocks"][:49], late]
        channel = await self._destination(client, outgoing)
        response = await client.chat_postMessage(
            channel=channel,
            parse="none",
            link_names=False,
            unfurl_links=False,
            metadata={"event_type": EVENT_TYPE, "event_payload": {"key": outgoing.key}},
            **body,
        )
        reply = Reply(outgoing.view, language=outgoing.language)
        await charts.share(client, reply, channel=channel, user="")
        return str(response["ts"])

    async def find_posted(self, outgoing: Outgoing) -> str | None:
        if outgoing.recipient is not None:
            # Reading a DM's history takes im:history, which the app does not ask for: a
            # crash in the moment between sending a private reminder and marking it sent may
            # send it again (a restart otherwise never does: sent rows are never claimed).
            return None
        client = await self._client_for(outgoing)
        window: dict[str, Any] = {}
        if outgoing.attempted_at is not None:
            start = outgoing.attempted_at - CLOCK_SKEW
            end = outgoing.attempted_at + SEND_WINDOW
            window = {"oldest": f"{start.timestamp():.6f}", "latest": f"{end.timestamp():.6f}"}
        cursor: str | None = None
        for _ in range(HISTORY_PAGES):
            response = await client.conversations_history(
                channel=outgoing.club.channel_id,
                include_all_metadata=True,
                limit=HISTORY_PAGE_SIZE,
                inclusive=True,
                cursor=cursor,
                **window,
            )
            for posted in response.get("messages") or []:
                if _key_of(posted) == outgoing.key:
                    return str(posted["ts"])
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return None
        return None


def _key_of(posted: dict[str, Any]) -> str | None:
    metadata = posted.get("metadata") or {}
    if metadata.get("event_type") != EVENT_TYPE:
        return None
    key = (metadata.get("event_payload") or {}).get("key")
    return str(key) if key is not None else None
