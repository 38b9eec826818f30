"""The arXiv export API (Atom feed), fetched by `id_list=`."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Unpack

from bot.readinglist.ids import arxiv_url, parse_arxiv_id
from bot.readinglist.lookup.base import (
    LookupFailed,
    PaperMetadata,
    PaperNotFound,
    ServiceDown,
)
from bot.readinglist.lookup.http import ClientOptions, HttpClient

DEFAULT_ARXIV_URL = "https://export.arxiv.org/api/query"
_NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}


def _text(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _is_feed(body: bytes) -> bool:
    return b"<feed" in body[:4096]


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


# Ids per `id_list` request. arXiv's API pages up to 2,000 results; 100 keeps one answer to a
# few hundred kilobytes, well inside the client's read limit, and an import of 2,000 papers
# to 20 requests, a minute at arXiv's one request every 3 seconds.
BATCH_SIZE = 100
# The words of a title, for arXiv's query syntax (quotes, colons and brackets are operators).
_QUERY_WORDS = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
# Papers fetched in a batch, kept for the per-paper lookups that follow it.
_RECENT = 4000


class ArxivClient(HttpClient):
    def __init__(self, base_url: str = DEFAULT_ARXIV_URL, **options: Unpack[ClientOptions]) -> None:
        super().__init__(base_url, **options)
        self._recent: dict[str, PaperMetadata] = {}

    async def fetch_many(self, arxiv_ids: Sequence[str]) -> dict[str, PaperMetadata]:
        """Metadata for many papers, `BATCH_SIZE` ids to one `id_list` request (arXiv asks
        for few requests: one every 3 s). Ids arXiv does not know are left out; the per-paper
        `fetch` says why for each. Raises LookupFailed when arXiv cannot be reached."""
        wanted = list(dict.fromkeys(parse_arxiv_id(i) or i.strip() for i in arxiv_ids))
        found: dict[str, PaperMetadata] = {}
        missing: list[str] = []
        for arxiv_id in wanted:
            known = self._recent.get(arxiv_id) or await self._cached(f"arxiv:{arxiv_id}")
            if known is not None:
                found[arxiv_id] = known
            else:
                missing.append(arxiv_id)
        for start in range(0, len(missing), BATCH_SIZE):
            batch = missing[start : start + BATCH_SIZE]
            response = await self._request(
                "GET",
                self.base_url,
                params={"id_list": ",".join(batch), "max_results": str(len(batch))},
                service="arXiv",
            )
            if response.status != 200:
                raise ServiceDown(f"arXiv answered HTTP {response.status} for {len(batch)} ids")
            asked = set(batch)
            for paper in parse_feed(response.body):
                if paper.arxiv_id in asked and paper.title and paper.arxiv_id not in found:
                    found[paper.arxiv_id] = paper
                    self._keep(paper)
                    await self._remember(f"arxiv:{paper.arxiv_id}", paper)
        return found

    async def search_title(self, title: str) -> list[PaperMetadata]:
        """The papers arXiv's search finds for a title (`ti:` phrase query, best first)."""
        words = _QUERY_WORDS.findall(title)[:30]
        if not words:
            return []
        key = "arxiv-title:" + " ".join(words).casefold()
        if self.cache is not None and (cached := await self.cache.get(key)) is not None:
            return [PaperMetadata.from_dict(p) for p in cached.get("papers", [])]
        response = await self._request(
            "GET",
            self.base_url,
            params={"search_query": f'ti:"{" ".join(words)}"', "max_results": "5"},
            service="arXiv",
        )
        if response.status != 200:
            raise ServiceDown(f"arXiv answered HTTP {response.status} to a title search")
        papers = [p for p in parse_feed(response.body) if p.title]
        if self.cache is not None:
            await self.cache.put(key, {"papers": [p.to_dict() for p in papers]})
        return papers

    def _keep(self, paper: PaperMetadata) -> None:
        if paper.arxiv_id is None:
            return
        if len(self._recent) >= _RECENT:
            self._recent.pop(next(iter(self._recent)))
        self._recent[paper.arxiv_id] = paper

    async def fetch(self, arxiv_id: str) -> PaperMetadata:
        """Metadata for one paper; LookupFailed if arXiv has no such paper or cannot be reached."""
        wanted = parse_arxiv_id(arxiv_id) or arxiv_id.strip()
        key = f"arxiv:{wanted}"
        if (recent := self._recent.get(wanted)) is not None:
            return recent
        if (cached := await self._cached(key)) is not None:
            return cached
        response = await self._request(
            "GET",
            self.base_url,
            params={"id_list": wanted, "max_results": "1"},
            service="arXiv",
        )
        if response.status == 400 and _is_feed(response.body):
            # arXiv's own answer to an id it cannot read: an Atom feed with an error entry.
            raise PaperNotFound(f"arXiv has no paper {wanted}")
        if response.status == 404 or (response.status == 400 and not _is_feed(response.body)):
            # arXiv answers an unknown id with an empty feed, never a 404: this answer came
            # from something in between (a proxy, a wrong address), and says nothing about
            # the paper.
            raise LookupFailed(
                f"the arXiv API address answered HTTP {response.status} for {wanted}, which "
                "arXiv itself never does for a paper; check the proxy or PAPERCLUB_ARXIV_API_URL"
            )
        if response.status != 200:
            raise ServiceDown(f"arXiv answered HTTP {response.status} for {wanted}")
        papers = [p for p in parse_feed(response.body) if p.arxiv_id == wanted and p.title]
        if not papers:
            raise PaperNotFound(f"arXiv has no paper {wanted}")
        if self.cache is not None:
            await self.cache.put(key, papers[0].to_dict())
        return papers[0]
