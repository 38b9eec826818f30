"""Imported papers get summaries and prompts from their own text in the background: the import
answers at once with abstract summaries, then the bot reads each paper (a fake arXiv here)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.bootstrap import Services, build_services
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.papers import SummarySource
from bot.core.views import Notice
from bot.readinglist.backfill import serve
from bot.readinglist.club_import import ClubImporter
from bot.settings import Settings
from tests.readinglist.papers_fixture import FakeArxiv, make_paper, serve_app

CLUB = ClubKey(Platform.CONSOLE, "w", "c")
ADA = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "ada"), "Ada", is_admin=True), "r")
PAPERS = {p.arxiv_id: p for p in (make_paper(i) for i in (30, 31, 32))}
READABLE, ALSO, UNREADABLE = PAPERS
# Titles and links: nothing to look up, so the import itself reads no paper.
LIST = "title,url\n" + "".join(
    f'"{p.title}",https://arxiv.org/abs/{i}\n' for i, p in PAPERS.items()
)


@pytest.fixture
async def bot(database_url: str, clock: ManualClock) -> AsyncIterator[tuple[Services, FakeArxiv]]:
    fake = FakeArxiv(papers=dict(PAPERS), html_for={READABLE}, no_pdf={UNREADABLE})
    runner, base = await serve_app(fake.app())
    fake.url = base
    settings = Settings(
        database_url=database_url,
        arxiv_api_url=base + "/api/query",
        arxiv_html_url=base + "/html/",
        arxiv_pdf_url=base + "/pdf/",
        lookup_timeout=5,
    )
    services = await build_services(settings, clock=clock, run_migrations=False, load_papers=False)
    assert isinstance((await services.dispatcher.run_text("/club setup", ADA)).view, Notice)
    try:
        yield services, fake
    finally:
        await services.close()
        await runner.cleanup()


async def test_imported_papers_are_read_for_prompts_after_the_import(
    bot: tuple[Services, FakeArxiv],
) -> None:
    services, fake = bot
    importer = services.deps.importing.importer
    assert isinstance(importer, ClubImporter) and services.backfill is not None
    # A list with titles and ids needs no lookup, so the import answers without reading.
    outcome = await importer.import_text(CLUB, LIST, source="list.csv")
    assert outcome.applied, outcome
    async with services.deps.uow() as uow:
        before = {p.arxiv_id: p for p in await uow.papers.all()}
    assert all(before[i].prompts == () for i in PAPERS)
    assert not [r for r in fake.requests if r[0] in ("html", "pdf")]

    stop = asyncio.Event()
    worker = asyncio.create_task(serve(services, stop))
    await services.backfill.drain()
    stop.set()
    await worker
    async with services.deps.uow() as uow:
        after = {p.arxiv_id: p for p in await uow.papers.all()}
    for arxiv_id in (READABLE, ALSO):  # one from its HTML, one from its PDF
        paper = after[arxiv_id]
        assert paper.summary_source == SummarySource.PAPER_TEXT and len(paper.prompts) >= 3
        assert PAPERS[arxiv_id].limitation.rstrip(".") in " ".join(paper.prompts)
    assert after[UNREADABLE].prompts == ()  # still its abstract, and the card says so
    assert services.backfill.written == 2


async def test_papers_stored_before_the_bot_started_are_queued_on_start(
    bot: tuple[Services, FakeArxiv],
) -> None:
    services, _ = bot
    importer = services.deps.importing.importer
    assert isinstance(importer, ClubImporter) and services.backfill is not None
    importer.backfill = None  # as `paperclub papers import` stores them, with no worker running
    assert (await importer.import_text(CLUB, LIST, source="list.csv")).applied
    assert await services.backfill.enqueue_missing() == 3  # what serve() queues on start
    stop = asyncio.Event()
    worker = asyncio.create_task(serve(services, stop))
    await services.backfill.drain()
    stop.set()
    await worker
    async with services.deps.uow() as uow:
        stored = await uow.papers.find_by_arxiv(READABLE)
    assert stored is not None and stored.summary_source == SummarySource.PAPER_TEXT
