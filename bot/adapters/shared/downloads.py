"""Reading a member's attachment completely, or not at all.

`StreamReader.read(n)` returns what happens to be buffered, not n bytes: a 620 KB Slack file
arrived as 65 KB and a million-row CSV was imported as 42,612 rows, silently. Here the body is
read chunk by chunk to its end, the size is checked before (the platform's report and the
Content-Length) and while reading (the limit), and a body shorter than announced is refused.
"""

from __future__ import annotations

import aiohttp

CHUNK = 64 * 1024


class DownloadRefused(Exception):
    """The file was too big or arrived incomplete; the message is for the member."""


def size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


async def read_all(
    response: aiohttp.ClientResponse, *, name: str, limit: int, expected: int | None = None
) -> bytes:
    """The whole body of `response`, at most `limit` bytes, exactly `expected` when given."""
    # A compressed body's Content-Length is not the size of what we read.
    declared = None if response.headers.get("Content-Encoding") else response.content_length
    for announced in (expected, declared):
        if announced is not None and announced > limit:
            raise DownloadRefused(
                f"{name} is {size_text(announced)}; the limit is {size_text(limit)}."
            )
    body = bytearray()
    async for chunk in response.content.iter_chunked(CHUNK):
        body += chunk
        if len(body) > limit:
            raise DownloadRefused(f"{name} is over the {size_text(limit)} limit.")
    for announced in (expected, declared):
        if announced is not None and len(body) < announced:
            raise DownloadRefused(
                f"Only {size_text(len(body))} of {name}'s {size_text(announced)} arrived, "
                "so I did not use it. Please try again."
            )
        if announced is not None and len(body) > announced:
            raise DownloadRefused(
                f"{name} was {size_text(len(body))}, not the {size_text(announced)} announced, "
                "so I did not use it."
            )
    return bytes(body)
