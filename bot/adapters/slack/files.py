"""Files members attach in a Slack form (file_input): downloaded with the workspace's token."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.shared.downloads import DownloadRefused, could_not_download, read_all, too_big
from bot.core.commands.options import MAX_UPLOAD_BYTES, Upload
from bot.core.text import t
from bot.core.views import ErrorView

log = logging.getLogger(__name__)
TIMEOUT = aiohttp.ClientTimeout(total=30, sock_connect=10, sock_read=15)


async def download(client: AsyncWebClient, info: Mapping[str, Any]) -> Upload | ErrorView:
    """The file's bytes, all of them, or a private error the member can act on (too big,
    incomplete, unreachable)."""
    name = str(info.get("name") or info.get("title") or "upload")
    url = str(info.get("url_private_download") or info.get("url_private") or "")
    reported = info.get("size")
    size = reported if isinstance(reported, int) and reported > 0 else None
    if size is not None and size > MAX_UPLOAD_BYTES:
        return ErrorView(too_big(name, size, MAX_UPLOAD_BYTES).message)
    if not url:
        return ErrorView(t("Slack did not give me {file} to read.", file=name))
    # Private file URLs need the bot token. The body is read to its end and checked against the
    # size Slack reported, so a file is never imported cut short.
    headers = {"Authorization": f"Bearer {client.token}"}
    try:
        async with (
            aiohttp.ClientSession(timeout=TIMEOUT) as session,
            session.get(url, headers=headers) as response,
        ):
            if response.status != 200:
                raise aiohttp.ClientResponseError(response.request_info, (), status=response.status)
            content = await read_all(response, name=name, limit=MAX_UPLOAD_BYTES, expected=size)
    except DownloadRefused as exc:
        return ErrorView(exc.message)
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.warning("could not download a Slack file: %r", exc)
        return ErrorView(could_not_download(name, "Slack"))
    return Upload(name, content)
