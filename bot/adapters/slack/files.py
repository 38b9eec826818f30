"""Files members attach in a Slack form (file_input): downloaded with the workspace's token."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.commands.options import MAX_UPLOAD_BYTES, Upload
from bot.core.views import ErrorView, Reply

log = logging.getLogger(__name__)
TIMEOUT = aiohttp.ClientTimeout(total=30)


async def download(client: AsyncWebClient, info: Mapping[str, Any]) -> Upload | Reply:
    """The file's bytes, or a private error the member can act on (too big, unreachable)."""
    name = str(info.get("name") or info.get("title") or "upload")
    url = str(info.get("url_private_download") or info.get("url_private") or "")
    size = int(info.get("size") or 0)
    limit = MAX_UPLOAD_BYTES // (1024 * 1024)
    if size > MAX_UPLOAD_BYTES:
        return Reply(ErrorView(f"{name} is over the {limit} MB limit."), private=True)
    if not url:
        return Reply(ErrorView(f"Slack did not give me {name} to read."), private=True)
    # Private file URLs need the bot token; the size Slack reports is checked again as we read,
    # so a wrong report cannot make us hold more than the limit.
    headers = {"Authorization": f"Bearer {client.token}"}
    try:
        async with (
            aiohttp.ClientSession(timeout=TIMEOUT) as session,
            session.get(url, headers=headers) as response,
        ):
            if response.status != 200:
                raise aiohttp.ClientResponseError(response.request_info, (), status=response.status)
            content = await response.content.read(MAX_UPLOAD_BYTES + 1)
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.warning("could not download a Slack file: %r", exc)
        return Reply(ErrorView(f"I could not download {name} from Slack; try again."), private=True)
    if len(content) > MAX_UPLOAD_BYTES:
        return Reply(ErrorView(f"{name} is over the {limit} MB limit."), private=True)
    return Upload(name, content)
