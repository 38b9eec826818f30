"""The arXiv export API (Atom feed), fetched by `id_list=`."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Unpack

from bot.readinglist.ids import arxiv_url, parse_arxiv_id
from bot.readinglist.lookup.base import (
    LookupFailed,
    PaperMetadata,
    PaperNotFound,
    ServiceDown,
)
from bot.readinglist.lookup.http import ClientOptions, HttpClient

DEFAULT_ARXIV_URL = "http://export.arxiv.org/api/query"
_NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}


def _text(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def parse_feed(body: bytes) -> list[PaperMetadata]:
    """Papers in an arXiv Atom feed. Refuses DTDs, so no entity tricks reach the parser."""
    head = body[:2048].lower()
    if b"<!doctype" in head or b"<!entity" in body.lower():
        raise LookupFailed("arXiv answered with a document type declaration; refusing to parse it")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise LookupFailed(f"arXiv answered with malformed XML ({exc})") from None
    papers = []
    for entry in root.findall("atom:entry", _NS):
        entry_id = _text(entry.find("atom:id", _NS))
        arxiv_id = parse_arxiv_id(entry_id)
        # arXiv reports a bad query as an entry titled "Error" whose id is an errors URL.
        if arxiv_id is None:
            continue
        published = _text(entry.find("atom:published", _NS))
        year_match = re.match(r"(\d{4})", published)
        doi = _text(entry.find("arxiv:doi", _NS)) or None
        papers.append(
            PaperMetadata(
                title=_text(entry.find("atom:title", _NS)),
                authors=[
                    _text(a.find("atom:name", _NS)) for a in entry.findall("atom:author", _NS)
                ],
                year=int(year_match.group(1)) if year_match else None,
                abstract=_text(entry.find("atom:summary", _NS)) or None,
                doi=doi,
                arxiv_id=arxiv_id,
                url=arxiv_url(arxiv_id),
            )
        )
    return papers


class ArxivClient(HttpClient):
    def __init__(self, base_url: str = DEFAULT_ARXIV_URL, **options: Unpack[ClientOptions]) -> None:
        super().__init__(base_url, **options)

    async def fetch(self, arxiv_id: str) -> PaperMetadata:
        """Metadata for one paper; LookupFailed if arXiv has no such paper or cannot be reached."""
        wanted = parse_arxiv_id(arxiv_id) or arxiv_id.strip()
        key = f"arxiv:{wanted}"
        if (cached := await self._cached(key)) is not None:
            return cached
        response = await self._request(
            "GET",
            self.base_url,
            params={"id_list": wanted, "max_results": "1"},
            service="arXiv",
        )
        if response.status in (400, 404):
            raise PaperNotFound(f"arXiv has no paper {wanted}")
        if response.status != 200:
            raise ServiceDown(f"arXiv answered HTTP {response.status} for {wanted}")
        papers = [p for p in parse_feed(response.body) if p.arxiv_id == wanted and p.title]
        if not papers:
            raise PaperNotFound(f"arXiv has no paper {wanted}")
        if self.cache is not None:
            await self.cache.put(key, papers[0].to_dict())
        return papers[0]
