"""A paper's full text from arXiv: the HTML rendering where it exists, else the PDF.

The same limiter and User-Agent as the metadata lookups (one request per 3 s to arXiv, across
every client), a size cap enforced while the body streams in, redirects only to the same host
or public ones, and the parse itself off the event loop within a deadline. What was read is
cached (as sections and tables, not raw bytes), so a paper is fetched once per quarter.
"""

from __future__ import annotations

import logging
from typing import Unpack

from bot.readinglist.ids import parse_arxiv_id
from bot.readinglist.lookup.base import LookupFailed
from bot.readinglist.lookup.http import ClientOptions, HttpClient
from bot.readinglist.papertext.document import PaperText
from bot.readinglist.papertext.extract import ParseTimeout, read_paper

log = logging.getLogger(__name__)

DEFAULT_HTML_URL = "https://arxiv.org/html/"
DEFAULT_PDF_URL = "https://arxiv.org/pdf/"
MAX_HTML_BYTES = 12 * 1024 * 1024
MAX_PDF_BYTES = 25 * 1024 * 1024
MAX_REDIRECTS = 3


class PaperTextClient(HttpClient):
    def __init__(
        self,
        html_url: str = DEFAULT_HTML_URL,
        pdf_url: str = DEFAULT_PDF_URL,
        *,
        parse_seconds: float = 20.0,
        max_html_bytes: int = MAX_HTML_BYTES,
        max_pdf_bytes: int = MAX_PDF_BYTES,
        **options: Unpack[ClientOptions],
    ) -> None:
        super().__init__(html_url, **options)
        self.egress = self.egress.allowing(pdf_url)  # both renderings are configured URLs
        self.max_html_bytes = max_html_bytes
        self.max_pdf_bytes = max_pdf_bytes
        self.html_url = html_url if html_url.endswith("/") else html_url + "/"
        self.pdf_url = pdf_url if pdf_url.endswith("/") else pdf_url + "/"
        self.parse_seconds = parse_seconds

    async def fetch(self, arxiv_id: str) -> PaperText | None:
        """The paper's text, or None when neither rendering can be had or read (logged)."""
        wanted = parse_arxiv_id(arxiv_id) or arxiv_id.strip()
        key = f"papertext:{wanted}"
        if self.cache is not None and (cached := await self.cache.get(key)) is not None:
            remembered = PaperText.from_dict(cached)
            if remembered.has_body:
                return remembered
        for url, limit in (
            (self.html_url + wanted, self.max_html_bytes),
            (self.pdf_url + wanted, self.max_pdf_bytes),
        ):
            text = await self._read(url, limit)
            if text is not None and text.has_body:
                if self.cache is not None:
                    await self.cache.put(key, text.to_dict())
                return text
        return None

    async def _read(self, url: str, limit: int) -> PaperText | None:
        try:
            response = await self._request(
                "GET", url, service="arXiv", max_bytes=limit, max_redirects=MAX_REDIRECTS
            )
        except LookupFailed as exc:
            log.info("no paper text from %s (%s)", url, exc)
            return None
        if response.status != 200 or not response.body:
            log.info("no paper text from %s (HTTP %s)", url, response.status)
            return None
        try:
            return await read_paper(
                response.body, response.content_type, seconds=self.parse_seconds
            )
        except (ParseTimeout, ValueError) as exc:
            log.warning("could not read the paper at %s (%s)", url, exc)
            return None
