"""Local fake servers for arXiv, doi.org and an OpenAI-compatible endpoint (127.0.0.1 only)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import web

from tests.readinglist.papers_fixture import serve_app

# shared/ sits beside the checkout, in development and in CI alike.
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

ATOM_ENTRY = """
  <entry>
    <id>http://arxiv.org/abs/{id}v7</id>
    <published>2017-06-12T17:57:34Z</published>
    <title>Attention Is All
      You Need</title>
    <summary>  The dominant sequence transduction models are based on complex recurrent or
convolutional neural networks. We propose a new simple network architecture, the Transformer,
based solely on attention mechanisms. Experiments on two machine translation tasks show these
models to be superior in quality while being more parallelizable. We show that the Transformer
generalizes well to other tasks.</summary>
    <author><name>Ashish Vaswani</name></author>
    <author><name>Noam Shazeer</name></author>
    <arxiv:doi>10.48550/arXiv.{id}</arxiv:doi>
  </entry>"""

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title>arXiv Query</title>{entries}
</feed>"""

KNOWN_ARXIV = {"1706.03762"}


@dataclass
class Fake:
    url: str
    hits: dict[str, int] = field(default_factory=dict)
    requests: list[dict[str, object]] = field(default_factory=list)


@pytest.fixture
async def arxiv_fake() -> AsyncIterator[Fake]:
    fake = Fake(url="")

    async def query(request: web.Request) -> web.Response:
        wanted = request.query.get("id_list", "")
        fake.hits[wanted] = fake.hits.get(wanted, 0) + 1
        fake.requests.append({"id": wanted, "user_agent": request.headers.get("User-Agent")})
        if wanted == "flaky.0001" or wanted == "1111.11111":
            # 503 on the first call, then a real answer: exercises the retry path.
            if fake.hits[wanted] == 1:
                return web.Response(status=503)
            return web.Response(
                text=FEED.format(entries=ATOM_ENTRY.format(id=wanted)),
                content_type="application/atom+xml",
            )
        if wanted == "4040.40404":
            return web.Response(status=404)
        if wanted == "5000.00000":
            return web.Response(status=503)
        if wanted == "6666.66666":
            return web.Response(text='<!DOCTYPE x [<!ENTITY a "b">]><feed/>')
        entries = ATOM_ENTRY.format(id=wanted) if wanted in KNOWN_ARXIV else ""
        return web.Response(text=FEED.format(entries=entries), content_type="application/atom+xml")

    app = web.Application()
    app.router.add_get("/api/query", query)
    runner, base = await serve_app(app)
    fake.url = base + "/api/query"
    yield fake
    await runner.cleanup()


@pytest.fixture
async def doi_fake() -> AsyncIterator[Fake]:
    fake = Fake(url="")

    async def resolve(request: web.Request) -> web.Response:
        doi = request.match_info["doi"]
        fake.requests.append({"doi": doi, "accept": request.headers.get("Accept")})
        if doi != "10.1000/xyz123":
            return web.Response(status=404)
        body = {
            "DOI": "10.1000/xyz123",
            "title": "A Paper About Things",
            "author": [{"given": "Ada", "family": "Lovelace"}, {"family": "Babbage"}],
            "issued": {"date-parts": [[2019, 5]]},
            "abstract": "<jats:p>We show that things are papers.</jats:p>",
            "URL": "https://doi.org/10.1000/xyz123",
        }
        return web.Response(
            text=json.dumps(body), content_type="application/vnd.citationstyles.csl+json"
        )

    app = web.Application()
    app.router.add_get("/{doi:.+}", resolve)
    runner, base = await serve_app(app)
    fake.url = base + "/"
    yield fake
    await runner.cleanup()


@pytest.fixture
async def llm_fake() -> AsyncIterator[Fake]:
    """Behaviour is picked by the model name: good, bad-json, error, fenced, few-prompts."""
    fake = Fake(url="")

    def reply(content: str) -> web.Response:
        return web.json_response(
            {"choices": [{"message": {"role": "assistant", "content": content}}]}
        )

    good = {
        "summary": "The Transformer replaces recurrence with attention and trains faster.",
        "prompts": [
            "Why does attention beat recurrence here?",
            "What do the positional encodings buy?",
            "Is the BLEU gain worth the compute?",
        ],
    }

    async def chat(request: web.Request) -> web.Response:
        payload = await request.json()
        fake.requests.append({"auth": request.headers.get("Authorization"), "payload": payload})
        model = payload["model"]
        if model == "good":
            return reply(json.dumps(good))
        if model == "fenced":
            return reply("```json\n" + json.dumps(good) + "\n```")
        if model == "bad-json":
            return reply("Sure! Here is a summary: {not json")
        if model == "few-prompts":
            return reply(json.dumps({**good, "prompts": ["only one"]}))
        return web.Response(status=500, text="boom")

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    runner, base = await serve_app(app)
    fake.url = base + "/v1"
    yield fake
    await runner.cleanup()


@pytest.fixture
def seed_paths() -> list[Path]:
    paths = sorted(SEEDS.glob("*.txt"))
    if len(paths) != 5:
        pytest.skip("the seed files (shared/seeds beside the checkout) are not available")
    return paths


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write
