"""Fake arXiv export API and Crossref REST API on 127.0.0.1, for the lookups' tests.

Each answers as the real service does (arXiv: an Atom feed for `id_list=` and `search_query=`;
Crossref: a `work-list` JSON message for `query.bibliographic=`) from a small catalogue, and
records every request: when it arrived (on `clock`, so a test can use the limiter's simulated
time), what it asked for and its User-Agent. `refuse` queues 429s (with Retry-After, as both
services send) or 5xx answers; `most_in_flight` says how many requests were ever answered at
once, for the one-connection rules.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar
from xml.sax.saxutils import escape

from aiohttp import web

from paperclub_fakes.slack_fake import serve_app

ATOM_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom"
      xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
  <title>arXiv Query</title>
  <opensearch:totalResults>{count}</opensearch:totalResults>{entries}
</feed>"""
ATOM_ENTRY = """
  <entry>
    <id>http://arxiv.org/abs/{id}v1</id>
    <published>{year}-01-01T00:00:00Z</published>
    <title>{title}</title>
    <summary>An abstract about {title}.</summary>{authors}
  </entry>"""
_WORDS = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORDS.findall(text)]


@dataclass(frozen=True)
class FakePaper:
    title: str
    year: int
    authors: tuple[str, ...] = ("Ada Lovelace",)
    arxiv_id: str | None = None
    doi: str | None = None


@dataclass
class Request:
    at: float  # on the fake's clock
    query: dict[str, str]
    user_agent: str


@dataclass
class _Refusal:
    status: int
    retry_after: str | None


@dataclass
class PaperApi:
    """What both fakes share: the catalogue, the record of requests and the refusals."""

    papers: list[FakePaper] = field(default_factory=list)
    url: str = ""
    clock: Callable[[], float] = time.monotonic
    requests: list[Request] = field(default_factory=list)
    refusals: list[_Refusal] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    # Set by a test to hold every answer until it is released.
    gate: asyncio.Event | None = None

    def refuse(self, status: int = 429, *, retry_after: str | None = None, times: int = 1) -> None:
        """Answer the next `times` requests with `status` (429: too many; 5xx: an outage)."""
        self.refusals.extend(_Refusal(status, retry_after) for _ in range(times))

    def add(self, *papers: FakePaper) -> None:
        self.papers.extend(papers)

    path: ClassVar[str] = "/"

    def body(self, request: web.Request) -> web.Response:
        raise NotImplementedError

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get(self.path, self._answer)
        return app

    async def _answer(self, request: web.Request) -> web.Response:
        self.requests.append(
            Request(self.clock(), dict(request.query), request.headers.get("User-Agent", ""))
        )
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if self.gate is not None:
                await self.gate.wait()
            else:
                await asyncio.sleep(0)  # an answer takes a moment: overlapping requests show
            if self.refusals:
                refusal = self.refusals.pop(0)
                headers = {"Retry-After": refusal.retry_after} if refusal.retry_after else {}
                return web.Response(status=refusal.status, headers=headers, text="slow down")
            return self.body(request)
        finally:
            self.in_flight -= 1


def _matches_phrase(phrase: list[str], title: str) -> bool:
    words = _words(title)
    n = len(phrase)
    return bool(phrase) and any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


@dataclass
class FakeArxiv(PaperApi):
    """`GET /api/query`: `id_list=a,b` (the papers with those ids, in that order) and
    `search_query=ti:"words"` (papers whose title holds the phrase, at most `max_results`)."""

    def feed(self, papers: list[FakePaper]) -> str:
        entries = "".join(
            ATOM_ENTRY.format(
                id=p.arxiv_id,
                year=p.year,
                title=escape(p.title),
                authors="".join(
                    f"\n    <author><name>{escape(a)}</name></author>" for a in p.authors
                ),
            )
            for p in papers
        )
        return ATOM_FEED.format(count=len(papers), entries=entries)

    path: ClassVar[str] = "/api/query"

    def body(self, request: web.Request) -> web.Response:
        ids = [i for i in request.query.get("id_list", "").split(",") if i]
        by_id = {p.arxiv_id: p for p in self.papers if p.arxiv_id}
        if ids:
            found = [by_id[i] for i in ids if i in by_id]
        else:
            search = request.query.get("search_query", "")
            phrase = _words(search.removeprefix("ti:"))
            limit = int(request.query.get("max_results", "10"))
            found = [p for p in self.papers if p.arxiv_id and _matches_phrase(phrase, p.title)]
            found = found[:limit]
        return web.Response(text=self.feed(found), content_type="application/atom+xml")


@dataclass
class FakeCrossref(PaperApi):
    """`GET /works?query.bibliographic=…&rows=N`: works sharing words with the query, most
    shared first (Crossref ranks by relevance and always returns something for a long query),
    as its `work-list` message with `message.items[]` shaped like its REST API docs."""

    def _work(self, paper: FakePaper, score: float) -> dict[str, Any]:
        authors = []
        for name in paper.authors:
            given, _, family = name.rpartition(" ")
            authors.append({"given": given, "family": family, "sequence": "additional"})
        return {
            "DOI": paper.doi,
            "URL": f"http://dx.doi.org/{paper.doi}",
            "title": [paper.title],
            "author": authors,
            "issued": {"date-parts": [[paper.year, 6]]},
            "type": "journal-article",
            "score": score,
        }

    path: ClassVar[str] = "/works"

    def body(self, request: web.Request) -> web.Response:
        query = set(_words(request.query.get("query.bibliographic", "")))
        rows = min(int(request.query.get("rows", "20")), 1000)
        scored = [(len(query & set(_words(p.title))), p) for p in self.papers if p.doi]
        ranked = sorted((s for s in scored if s[0]), key=lambda s: -s[0])[:rows]
        body = {
            "status": "ok",
            "message-type": "work-list",
            "message-version": "1.0.0",
            "message": {
                "facets": {},
                "total-results": len(ranked),
                "items": [self._work(p, float(s)) for s, p in ranked],
                "items-per-page": rows,
                "query": {"start-index": 0, "search-terms": None},
            },
        }
        headers = {"X-Rate-Limit-Limit": "5", "X-Rate-Limit-Interval": "1s"}
        return web.Response(text=json.dumps(body), content_type="application/json", headers=headers)


Api = TypeVar("Api", bound=PaperApi)


@asynccontextmanager
async def serving(fake: Api) -> AsyncIterator[Api]:
    """`fake` served on 127.0.0.1, its `url` the API's address, until the block ends."""
    async with serve_app(fake.app()) as base:
        fake.url = base + fake.path
        yield fake
