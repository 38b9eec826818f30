"""Entries with only a title are looked up by title (issue 14) and take the paper's ids only on
a confident match; otherwise they are imported title-only and listed as such."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiohttp import web

from bot.core.clock import ManualClock
from bot.readinglist.club_import import ClubImporter
from bot.readinglist.lookup.arxiv import ArxivClient
from bot.readinglist.lookup.doi import DoiClient
from bot.readinglist.lookup.service import LookupService, confident_match
from bot.storage.engine import make_async_engine, session_factory
from bot.storage.uow import SqlUnitOfWork
from tests.readinglist.conftest import FEED
from tests.readinglist.test_rl_club_import import EMPTY, empty_club

__all__ = ["empty_club"]

ENTRY = """
  <entry>
    <id>http://arxiv.org/abs/{id}v1</id>
    <published>{year}-01-01T00:00:00Z</published>
    <title>{title}</title>
    <summary>An abstract about {title}.</summary>
    <author><name>Ada Lovelace</name></author>
  </entry>"""
# What the fake's title search finds: the real paper for one title, a near miss for another.
SEARCH = {
    "Sparse Widgets for Neural Gardening": (
        "2401.55555",
        "Sparse Widgets for Neural Gardening",
        2020,
    ),
    "Laws of Scaling": ("2203.15556", "Training Compute-Optimal Large Language Models", 2022),
}


# Papers by id, for the batched lookups.
BY_ID = {
    "2401.66666": "LoRA-Style Widgets: Low-Rank Gardening at Scale",
    "2401.77777": "Nothing Like the Title the List Gives",
}


@dataclass
class Searches:
    url: str = ""
    queries: list[str] = field(default_factory=list)


@pytest.fixture
async def arxiv_search() -> AsyncIterator[Searches]:
    fake = Searches()

    async def query(request: web.Request) -> web.Response:
        ids = [i for i in request.query.get("id_list", "").split(",") if i]
        if ids:
            fake.queries.append("id_list=" + ",".join(ids))
            found = [ENTRY.format(id=i, title=BY_ID[i], year=2024) for i in ids if i in BY_ID]
            return web.Response(text=FEED.format(entries="".join(found)))
        wanted = request.query.get("search_query", "")
        fake.queries.append(wanted)
        title = wanted.removeprefix('ti:"').removesuffix('"')
        hit = next((v for k, v in SEARCH.items() if k.casefold() == title.casefold()), None)
        entries = ENTRY.format(id=hit[0], title=hit[1], year=hit[2]) if hit else ""
        return web.Response(text=FEED.format(entries=entries))

    app = web.Application()
    app.router.add_get("/api/query", query)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    fake.url = f"http://{host}:{port}/api/query"
    yield fake
    await runner.cleanup()


def test_confident_match_takes_the_same_title_only() -> None:
    assert confident_match("Attention is all you need", "Attention Is All You Need")
    assert confident_match(
        "Scaling laws for neural language model", "Scaling Laws for Neural Language Models"
    )
    assert not confident_match("Laws of Scaling", "Training Compute-Optimal Large Language Models")
    assert not confident_match("GPT", "GPT-4 Technical Report")


async def test_titles_are_looked_up_and_only_confident_matches_taken(
    empty_club: str, arxiv_search: Searches, clock: ManualClock
) -> None:
    text = (
        "# Our list\n\n"
        "- **Sparse widgets for neural gardening** (2020)\n"
        "- **Laws of Scaling** (2022)\n"
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
    )
    engine = make_async_engine(empty_club)
    lookup = LookupService(
        ArxivClient(arxiv_search.url, retries=0), DoiClient("http://127.0.0.1:9/", retries=0)
    )
    importer = ClubImporter(lambda: SqlUnitOfWork(session_factory(engine)), clock, lookup)
    try:
        outcome = await importer.import_text(EMPTY, text, source="list.md")
        async with SqlUnitOfWork(session_factory(engine)) as uow:
            club = await uow.clubs.get(EMPTY)
            assert club is not None
            queue = [(e.paper.title, e.paper.arxiv_id) for e in await uow.queue.entries(club.id)]
    finally:
        await lookup.close()
        await engine.dispose()
    assert outcome.applied, outcome.lines
    # The title as arXiv has it, not as the list wrote it: the source of truth's case.
    assert queue == [
        ("Sparse Widgets for Neural Gardening", "2401.55555"),
        ("Laws of Scaling", None),
        ("Attention Is All You Need", "1706.03762"),
    ]
    assert any(
        "found    Sparse widgets for neural gardening → arXiv:2401.55555" in line
        for line in outcome.lines
    )
    assert any(
        "title only Laws of Scaling: no paper on arXiv has that title" in line
        for line in outcome.lines
    )
    assert arxiv_search.queries == [
        'ti:"Sparse widgets for neural gardening"',
        'ti:"Laws of Scaling"',
    ]


async def test_scholar_lower_case_takes_arxivs_title(
    empty_club: str, arxiv_search: Searches, clock: ManualClock
) -> None:
    """Google Scholar exports "Lora: Low-rank adaptation of …"; arXiv, the source of truth,
    writes "LoRA: Low-Rank Adaptation of …". Before, the import kept Scholar's case."""
    bib = (
        "@article{a, title={Lora-style widgets: Low-rank gardening at scale},\n"
        " author={Hu, Edward J}, journal={arXiv preprint arXiv:2401.66666}, year={2024}}\n"
        "@article{b, title={Some other words: entirely different},\n"
        " author={Doe, Jane}, journal={arXiv preprint arXiv:2401.77777}, year={2024}}\n"
    )
    engine = make_async_engine(empty_club)
    lookup = LookupService(
        ArxivClient(arxiv_search.url, retries=0), DoiClient("http://127.0.0.1:9/", retries=0)
    )
    importer = ClubImporter(lambda: SqlUnitOfWork(session_factory(engine)), clock, lookup)
    try:
        outcome = await importer.import_text(EMPTY, bib, source="scholar.bib")
        async with SqlUnitOfWork(session_factory(engine)) as uow:
            club = await uow.clubs.get(EMPTY)
            assert club is not None
            titles = [e.paper.title for e in await uow.queue.entries(club.id)]
    finally:
        await lookup.close()
        await engine.dispose()
    assert outcome.applied, outcome.lines
    # The same words take arXiv's case; different words keep what the list says.
    assert titles == [
        "LoRA-Style Widgets: Low-Rank Gardening at Scale",
        "Some other words: entirely different",
    ]
    # Both ids went in one batched request.
    assert arxiv_search.queries == ["id_list=2401.66666,2401.77777"]
