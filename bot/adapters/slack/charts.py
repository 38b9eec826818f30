"""PNG charts (results, club stats) uploaded next to the message they illustrate.

Slack messages can't carry files, so each chart is a files_upload_v2 share (files:write) right
after the message: in the channel for public replies and scheduled posts; for private replies,
which are ephemeral and can't hold a file at all, in the member's DM with the app (im:write), so
the picture stays as private as the numbers. The App Home tab draws its bars in text only.
A chart that fails to upload is logged and dropped: the message with its text bars already went.
"""

from __future__ import annotations

import asyncio
import logging

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.text import escape
from bot.charts import chart_for, has_chart
from bot.core.views import Reply, ResultsView, StatsView, View
from bot.i18n import _, say, speaking

log = logging.getLogger(__name__)


async def share(client: AsyncWebClient, reply: Reply, *, channel: str, user: str) -> int:
    """Upload the charts for a reply's views; returns how many went up."""
    shared = 0
    target: str | None = None if reply.private else channel
    for view in (reply.view, *reply.extra):
        if not has_chart(view):
            continue  # most replies (a vote's "your vote is in"): no thread hop for nothing
        # Drawing takes tens of milliseconds; keep the event loop free for other requests.
        png = await asyncio.to_thread(chart_for, view, reply.language)
        if png is None:
            continue
        try:
            target = target or await _dm(client, user)
            with speaking(reply.language):
                title = _title(view)
            await client.files_upload_v2(
                channel=target,
                file=png,
                filename=_filename(view),
                title=title,
                initial_comment=escape(title),
            )
        except (SlackApiError, SlackClientError):
            log.warning("chart upload failed", extra={"channel": target}, exc_info=True)
            continue
        shared += 1
    return shared


async def _dm(client: AsyncWebClient, user: str) -> str:
    opened = await client.conversations_open(users=user)
    return str(opened["channel"]["id"])


def _filename(view: View) -> str:
    if isinstance(view, ResultsView):
        return f"vote-{view.poll_id}-results.png"
    return "stats.png"


def _title(view: View) -> str:
    """The uploaded file's title and comment: what a screen reader says for the picture."""
    if isinstance(view, ResultsView):
        if view.winner:
            return _("Vote results: {winner}").format(winner=say(view.winner))
        return _("Vote results")
    return say(view.title) if isinstance(view, StatsView) else _("Chart")
