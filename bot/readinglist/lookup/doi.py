"""DOI metadata through content negotiation on doi.org (CSL JSON)."""

from __future__ import annotations

import json
import re
from typing import Any, Unpack
from urllib.parse import quote

from bot.readinglist.ids import parse_arxiv_id, parse_doi
from bot.readinglist.lookup.base import (
    LookupFailed,
    PaperMetadata,
    PaperNotFound,
    ServiceDown,
)
from bot.readinglist.lookup.http import ClientOptions, HttpClient

DEFAULT_DOI_URL = "https://doi.org/"
CSL_JSON = "application/vnd.citationstyles.csl+json"


def _strip_tags(text: str) -> str:
    # Crossref abstracts are JATS XML fragments; the words are all we want.
    # `[^<>]`, not `[^>]`: from every `<` of "<<<<…" the latter scanned to the end (quadratic).
    return " ".join(re.sub(r"<[^<>]*>", " ", text).split())


def parse_csl(data: Any, doi: str) -> PaperMetadata:
    if not isinstance(data, dict):
        raise LookupFailed(f"doi.org answered with something that is not CSL JSON for {doi}")
    title = data.get("title")
    if isinstance(title, list):
        title = title[0] if title else ""
    if not isinstance(title, str) or not title.strip():
        raise LookupFailed(f"doi.org has no title for {doi}")
    authors = []
    for author in data.get("author") or []:
        if isinstance(author, dict):
            name = " ".join(str(author.get(k, "")) for k in ("given", "family")).strip()
            authors.append(name or str(author.get("literal", "")).strip())
    year = None
    for key in ("issued", "published-print", "published-online", "created"):
        parts = (data.get(key) or {}).get("date-parts") if isinstance(data.get(key), dict) else None
        if parts and parts[0] and isinstance(parts[0][0], int):
            year = parts[0][0]
            break
    abstract = data.get("abstract")
    url = data.get("URL")
    return PaperMetadata(
        title=" ".join(_strip_tags(title).split()),
        authors=[a for a in authors if a],
        year=year,
        abstract=_strip_tags(abstract) if isinstance(abstract, str) and abstract.strip() else None,
        doi=str(data.get("DOI") or doi),
        arxiv_id=parse_arxiv_id(url) if isinstance(url, str) else None,
        url=url if isinstance(url, str) and url.startswith(("http://", "https://")) else None,
    )


class DoiClient(HttpClient):
    def __init__(self, base_url: str = DEFAULT_DOI_URL, **options: Unpack[ClientOptions]) -> None:
        super().__init__(base_url if base_url.endswith("/") else base_url + "/", **options)

    async def fetch(self, doi: str) -> PaperMetadata:
        wanted = parse_doi(doi) or doi.strip()
        key = f"doi:{wanted.casefold()}"
        if (cached := await self._cached(key)) is not None:
            return cached
        response = await self._request(
            "GET",
            self.base_url + quote(wanted, safe="/:;()"),
            headers={"Accept": CSL_JSON},
            service="doi.org",
        )
        if response.status == 404:
            raise PaperNotFound(f"doi.org has no paper {wanted}")
        if response.status != 200:
            raise ServiceDown(f"doi.org answered HTTP {response.status} for {wanted}")
        try:
            data = json.loads(response.body)
        except ValueError:
            raise LookupFailed(f"doi.org answered with invalid JSON for {wanted}") from None
        paper = parse_csl(data, wanted)
        await self._remember(key, paper)
        return paper
