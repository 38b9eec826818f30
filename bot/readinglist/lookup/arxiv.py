"""The arXiv export API (Atom feed), fetched by `id_list=`."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from types import TracebackType

import aiohttp

from bot.readinglist.ids import arxiv_url, parse_arxiv_id
from bot.readinglist.lookup.base import (
    LookupFailed,
    MetadataCache,
    PaperMetadata,
    PaperNotFound,
    ServiceDown,
)
from bot.readinglist.lookup.http import RetryPolicy, request

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


class ArxivClient:
    def __init__(
        self,
        base_url: str = DEFAULT_ARXIV_URL,
        *,
        session: aiohttp.ClientSession | None = None,
        cache: MetadataCache | None = None,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.5,
    ) -> None:
        self.base_url = base_url
        self.cache = cache
        self.policy = RetryPolicy(timeout=timeout, retries=retries, backoff=backoff)
        self._session = session
        self._owns_session = session is None

    async def __aenter__(self) -> ArxivClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return self._session

    async def fetch(self, arxiv_id: str) -> PaperMetadata:
        """Metadata for one paper; LookupFailed if arXiv has no such paper or cannot be reached."""
        wanted = parse_arxiv_id(arxiv_id) or arxiv_id.strip()
        key = f"arxiv:{wanted}"
        if self.cache is not None:
            cached = await self.cache.get(key)
            if cached is not None:
                return PaperMetadata.from_dict(cached)
        response = await request(
            self._get_session(),
            "GET",
            self.base_url,
            params={"id_list": wanted, "max_results": "1"},
            policy=self.policy,
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
