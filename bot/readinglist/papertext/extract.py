"""Reading a fetched paper off the event loop, within a deadline.

Parsing a 10 MB HTML page or a 40-page PDF takes CPU for a while; done on the event loop it
would stall every club of every workspace, so it runs in a worker thread. The parsers check the
deadline between slices and pages and give up with ParseTimeout; waiting here is bounded too.
"""

from __future__ import annotations

import asyncio
import time

from bot.readinglist.papertext.document import PaperText
from bot.readinglist.papertext.html_text import ParseTimeout, read_html
from bot.readinglist.papertext.pdf_text import read_pdf

DEFAULT_PARSE_SECONDS = 20.0


def looks_like_pdf(body: bytes, content_type: str = "") -> bool:
    return body[:5] == b"%PDF-" or "pdf" in content_type.casefold()


def read_document(body: bytes, content_type: str = "", *, seconds: float) -> PaperText:
    deadline = time.monotonic() + seconds
    if looks_like_pdf(body, content_type):
        return read_pdf(body, deadline=deadline)
    return read_html(body, deadline=deadline)


async def read_paper(
    body: bytes, content_type: str = "", *, seconds: float = DEFAULT_PARSE_SECONDS
) -> PaperText:
    """The PaperText of a fetched HTML page or PDF. Raises ParseTimeout, or ValueError for a
    file that is not a readable document."""
    try:
        return await asyncio.wait_for(
            asyncio.to_thread(read_document, body, content_type, seconds=seconds),
            timeout=seconds + 5,
        )
    except TimeoutError:
        raise ParseTimeout("reading the paper took too long") from None


__all__ = ["ParseTimeout", "read_paper"]
