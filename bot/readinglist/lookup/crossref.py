"""Crossref's REST API (`/works?query.bibliographic=`): DOIs for titles arXiv does not know.

Crossref is where most publishers register their DOIs, so a paper from a journal or a
conference that is not on arXiv is found here with the DOI the publisher gave it. Its metadata
is free to reuse (Crossref claims no ownership of it), it needs no key, and a `mailto` puts the
requests in its "polite pool" (see the README's "Looking papers up" section).
"""

from __future__ import annotations

import json
import re
from typing import Any, Unpack

from bot.readinglist.ids import doi_url, parse_doi
from bot.readinglist.lookup.base import LookupFailed, PaperMetadata, ServiceDown
from bot.readinglist.lookup.doi import parse_csl
from bot.readinglist.lookup.http import ClientOptions, HttpClient

DEFAULT_CROSSREF_URL = "https://api.crossref.org/works"
# Five results, and only the fields we read: an answer of a few kilobytes.
ROWS = 5
FIELDS = "DOI,title,author,issued,published,type,abstract"
MAX_ANSWER = 512 * 1024
# Crossref's search reads at most a few hundred characters of a query; a title is shorter.
_MAX_QUERY = 300
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_works(data: Any) -> list[PaperMetadata]:
    """The works of a Crossref `work-list` answer, each with its DOI as its link."""
    if not isinstance(data, dict) or data.get("status") != "ok":
        raise LookupFailed("Crossref answered with something that is not a work list")
    message = data.get("message")
    items = message.get("items") if isinstance(message, dict) else None
    if not isinstance(items, list):
        raise LookupFailed("Crossref answered with something that is not a work list")
    works = []
    for item in items:
        doi = parse_doi(str(item.get("DOI") or "")) if isinstance(item, dict) else None
        if doi is None:
            continue
        try:
            work = parse_csl(item, doi)
        except LookupFailed:
            continue  # a work without a title: nothing to match against
        works.append(
            PaperMetadata(
                title=work.title,
                authors=work.authors,
                year=work.year,
                abstract=work.abstract,
                doi=doi,
                url=doi_url(doi),
            )
        )
    return works


class CrossrefClient(HttpClient):
    def __init__(
        self,
        base_url: str = DEFAULT_CROSSREF_URL,
        *,
        mailto: str | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        super().__init__(base_url, **options)
        # Crossref's polite pool takes the address as a query parameter or in the User-Agent;
        # both are sent (the User-Agent is every client's, see politeness.py).
        self.mailto = mailto.strip() if mailto and _EMAIL.match(mailto.strip()) else None

    async def search_title(self, title: str) -> list[PaperMetadata]:
        """The works Crossref's bibliographic search finds for a title, best first. Raises
        LookupFailed when Crossref cannot be reached or answers something unreadable."""
        query = " ".join(title.split())[:_MAX_QUERY]
        if not query:
            return []
        key = "crossref-title:" + query.casefold()
        if self.cache is not None and (cached := await self.cache.get(key)) is not None:
            return [PaperMetadata.from_dict(p) for p in cached.get("papers", [])]
        params = {"query.bibliographic": query, "rows": str(ROWS), "select": FIELDS}
        if self.mailto:
            params["mailto"] = self.mailto
        response = await self._request(
            "GET",
            self.base_url,
            params=params,
            headers={"Accept": "application/json"},
            service="Crossref",
            max_bytes=MAX_ANSWER,
        )
        if response.status != 200:
            raise ServiceDown(f"Crossref answered HTTP {response.status} to a title search")
        try:
            data = json.loads(response.body)
        except ValueError:
            raise LookupFailed("Crossref answered with invalid JSON") from None
        works = parse_works(data)
        if self.cache is not None:
            await self.cache.put(key, {"papers": [w.to_dict() for w in works]})
        return works
