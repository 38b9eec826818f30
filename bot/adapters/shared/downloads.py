"""Reading a member's attachment completely, or not at all.

`StreamReader.read(n)` returns what happens to be buffered, not n bytes: a 620 KB Slack file
arrived as 65 KB and a million-row CSV was imported as 42,612 rows, silently. Here the body is
read chunk by chunk to its end, the size is checked before (the platform's report and the
Content-Length) and while reading (the limit), and a body shorter than announced is refused.
"""

from __future__ import annotations

import aiohttp

from bot.core.text import Text, t, tn

CHUNK = 64 * 1024


class DownloadRefused(Exception):
    """The file was too big or arrived incomplete; the message (a `Text`) is for the member."""

    def __init__(self, message: Text) -> None:
        super().__init__(message)
        self.message = message


def size_text(size: int) -> Text:
    if size >= 1024 * 1024:
        return t("{mb} MB", mb=format(size / (1024 * 1024), ".1f"))
    return tn("{n} byte", "{n} bytes", size)


def too_big(name: str, size: int, limit: int) -> DownloadRefused:
    return DownloadRefused(
        t(
            "{file} is {size}; the limit is {limit}.",
            file=name,
            size=size_text(size),
            limit=size_text(limit),
        )
    )


def could_not_download(name: str, platform: str) -> Text:
    return t(
        "I could not download {file} from {platform}; try again.", file=name, platform=platform
    )


async def read_all(
    response: aiohttp.ClientResponse, *, name: str, limit: int, expected: int | None = None
) -> bytes:
    """The whole body of `response`, at most `limit` bytes, exactly `expected` when given."""
    # A compressed body's Content-Length is not the size of what we read.
    declared = None if response.headers.get("Content-Encoding") else response.content_length
    for announced in (expected, declared):
        if announced is not None and announced > limit:
            raise too_big(name, announced, limit)
    body = bytearray()
    async for chunk in response.content.iter_chunked(CHUNK):
        body += chunk
        if len(body) > limit:
            raise DownloadRefused(
                t("{file} is over the {limit} limit.", file=name, limit=size_text(limit))
            )
    for announced in (expected, declared):
        if announced is not None and len(body) < announced:
            raise DownloadRefused(
                t(
                    "Only {got} of {file}'s {size} arrived, so I did not use it. Please try again.",
                    got=size_text(len(body)),
                    file=name,
                    size=size_text(announced),
                )
            )
        if announced is not None and len(body) > announced:
            raise DownloadRefused(
                t(
                    "{file} was {got}, not the {size} announced, so I did not use it.",
                    file=name,
                    got=size_text(len(body)),
                    size=size_text(announced),
                )
            )
    return bytes(body)
