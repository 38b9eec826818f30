"""/suggest and club imports on a real database, with arXiv, doi.org and an LLM faked locally."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from bot.bootstrap import Services, build_services
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.papers import Paper, QueueState, SummarySource
from bot.core.views import ErrorView, Notice, PaperCard, PaperList
from bot.readinglist.club_import import ClubImporter
from bot.readinglist.lookup.service import build_lookup
from bot.settings import Settings
from bot.storage.engine import session_factory
from bot.storage.lookup_cache import SqlMetadataCache
from tests.readinglist.papers_fixture import serve_app

CLUB = ClubKey(Platform.CONSOLE, "w", "c")
ADA = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "ada"), "Ada", is_admin=True), "r")
BO = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "bo"), "Bo"), "r")
HOSTILE = "<script>alert(1)</script> @everyone **Scaling** `Laws` [x](javascript:y)"

ENTRY = """<entry><id>http://arxiv.org/abs/{id}v3</id><published>{year}-01-02T00:00:00Z</published>
<title>{title}</title><summary>We propose a method for {id}. We show that it works well on
every benchmark we tried. Results improve on the state of the art.</summary>
<author><name>Ada Lovelace</name></author></entry>"""
FEED = '<feed xmlns="http://www.w3.org/2005/Atom">{}</feed>'
ARXIV = {
    "2401.00001": ("Sparse Mixtures of Tiny Experts", 2024),
    "hep-th/9901001": ("Strings on Old Branes", 1999),
    "2402.00002": (HOSTILE.replace("<", "&lt;").replace(">", "&gt;"), 2024),
}


@pytest.fixture
async def arxiv() -> AsyncIterator[dict[str, Any]]:
    state: dict[str, Any] = {"hits": {}}
    never = asyncio.Event()  # set only at teardown: the slow id answers after any timeout

    async def query(request: web.Request) -> web.Response:
        wanted = request.query.get("id_list", "")
        state["hits"][wanted] = state["hits"].get(wanted, 0) + 1
        if wanted == "7777.77777":
            await never.wait()  # no answer until the test is over: the lookup must time out
        if wanted == "4040.40404":
            return web.Response(status=404)
        if wanted not in ARXIV:
            return web.Response(text=FEED.format(""))
        title, year = ARXIV[wanted]
        return web.Response(text=FEED.format(ENTRY.format(id=wanted, title=title, year=year)))

    app = web.Application()
    app.router.add_get("/api/query", query)
    runner, base = await serve_app(app)
    state["url"] = base + "/api/query"
    yield state
    never.set()
    await runner.cleanup()


@pytest.fixture
async def bot(
    database_url: str, clock: ManualClock, arxiv: dict[str, Any], doi_fake: Any, llm_fake: Any
) -> AsyncIterator[Services]:
    settings = Settings(
        database_url=database_url,
        arxiv_api_url=arxiv["url"],
        # These papers have no HTML or PDF on the fake (404): summaries come from the abstract.
        arxiv_html_url=arxiv["url"].replace("/api/query", "/html/"),
        arxiv_pdf_url=arxiv["url"].replace("/api/query", "/pdf/"),
        doi_api_url=doi_fake.url,
        lookup_timeout=0.5,
    )
    services = await build_services(settings, clock=clock, run_migrations=False, load_papers=False)
    reply = await services.dispatcher.run_text("/club setup", ADA)
    assert isinstance(reply.view, Notice)
    try:
        yield services
    finally:
        await services.close()


async def _say(services: Services, line: str, ctx: Context = BO) -> Notice | ErrorView:
    view = (await services.dispatcher.run_text(line, ctx)).view
    assert isinstance(view, Notice | ErrorView), view
    return view


async def _snapshot(services: Services) -> tuple[list[tuple[int, str]], list[Paper]]:
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(CLUB)
        assert club is not None
        queue = [(e.paper.id, e.state.value) for e in await uow.queue.entries(club.id)]
        return queue, await uow.papers.all()


@pytest.mark.parametrize(
    ("link", "arxiv_id"),
    [
        ("https://arxiv.org/abs/2401.00001", "2401.00001"),
        ("https://arxiv.org/pdf/2401.00001v2.pdf", "2401.00001"),
        ("<arxiv.org/abs/2401.00001v1|arxiv.org/abs/2401.00001v1>", "2401.00001"),
        ("https://arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
    ],
)
async def test_suggest_an_arxiv_link(bot: Services, link: str, arxiv_id: str) -> None:
    view = await _say(bot, f"/suggest {link}")
    assert isinstance(view, Notice) and "Bo suggested" in view.text, view
    assert "It will be a candidate in the next vote." in view.details
    queue, _ = await _snapshot(bot)
    async with bot.deps.uow() as uow:
        paper = await uow.papers.find_by_arxiv(arxiv_id)
    assert paper is not None and paper.authors == ("Ada Lovelace",)
    assert paper.summary.startswith("We propose a method")
    # No text to read: no made-up prompts, and the card says the summary is from the abstract.
    assert paper.prompts == () and paper.summary_source == SummarySource.ABSTRACT
    assert queue[-1] == (paper.id, QueueState.SUGGESTED.value)
    again = await _say(bot, f"/suggest arXiv:{arxiv_id}", ADA)
    assert isinstance(again, Notice) and "already suggested by Bo" in again.text


async def test_suggest_a_doi(bot: Services) -> None:
    view = await _say(bot, "/suggest https://doi.org/10.1000/xyz123")
    assert isinstance(view, Notice) and "“A Paper About Things” (2019)" in view.text
    async with bot.deps.uow() as uow:
        paper = await uow.papers.find_by_doi("10.1000/XYZ123")
    assert paper is not None and paper.authors == ("Ada Lovelace", "Babbage")
    card = (await bot.dispatcher.run_text("/paper 10.1000/xyz123", BO)).view
    assert isinstance(card, PaperCard) and card.title == "A Paper About Things"
    listed = (await bot.dispatcher.run_text("/papers lovelace", BO)).view
    assert isinstance(listed, PaperList) and listed.items[0].state == "suggested"


async def test_hostile_metadata_is_stored_literally(bot: Services) -> None:
    view = await _say(bot, "/suggest https://arxiv.org/abs/2402.00002")
    assert isinstance(view, Notice)
    async with bot.deps.uow() as uow:
        paper = await uow.papers.find_by_arxiv("2402.00002")
    assert paper is not None and paper.title == HOSTILE


async def test_duplicates_by_title_and_errors_change_nothing(bot: Services) -> None:
    before = await _snapshot(bot)
    fuzzy = await _say(bot, "/suggest Attention is all you need.")
    assert isinstance(fuzzy, Notice) and "already in the reading queue, at #" in fuzzy.text
    shipped_link = await _say(bot, "/suggest https://arxiv.org/abs/1706.03762v7")
    assert isinstance(shipped_link, Notice) and "already in the reading queue" in shipped_link.text
    cases = {
        # A 404 is a proxy's or a wrong address's, not arXiv saying there is no such paper.
        "https://arxiv.org/abs/4040.40404": "arXiv sent an answer I can't read",
        "https://arxiv.org/abs/9999.99999": "arXiv has no paper 9999.99999",
        "https://arxiv.org/abs/7777.77777": "arXiv is not answering right now",
        "https://arxiv.org/list/cs.CL/recent": "That link isn't an arXiv or DOI link I can read.",
        "https://example.org/paper.pdf": "That link isn't an arXiv or DOI link I can read.",
        "A Paper Nobody Has Written": "I don't know a paper titled",
    }
    for text, message in cases.items():
        view = await _say(bot, f"/suggest {text}")
        assert isinstance(view, ErrorView) and message in view.message, (text, view)
    assert await _snapshot(bot) == before


async def test_the_cache_saves_the_second_http_call(
    bot: Services, arxiv: dict[str, Any], clock: ManualClock
) -> None:
    settings = bot.settings
    first = build_lookup(settings, SqlMetadataCache(session_factory(bot.engine), clock))
    second = build_lookup(settings, SqlMetadataCache(session_factory(bot.engine), clock))
    try:
        a = await first.resolve("2401.00001")
        b = await second.resolve("https://arxiv.org/pdf/2401.00001v9")
    finally:
        await first.close()
        await second.close()
    assert a == b and arxiv["hits"]["2401.00001"] == 1


@pytest.mark.parametrize(("model", "method"), [("good", "llm"), ("error", "abstract")])
async def test_llm_summaries_and_their_fallback(
    bot: Services, llm_fake: Any, model: str, method: str
) -> None:
    settings = bot.settings.model_copy(
        update={"llm_base_url": llm_fake.url, "llm_model": model, "llm_api_key": None}
    )
    lookup = build_lookup(settings)
    try:
        paper = await lookup.resolve("2401.00001")
    finally:
        await lookup.close()
    assert paper is not None and paper.summary_source == method
    if method == "llm":
        assert paper.summary.startswith("The Transformer replaces recurrence")
        assert len(paper.prompts) == 3
    else:
        assert paper.summary.startswith("We propose a method for 2401.00001.")
        assert paper.prompts == ()
    assert llm_fake.requests and llm_fake.requests[0]["payload"]["model"] == model


async def test_chat_import_of_bad_lists_changes_nothing(bot: Services) -> None:
    before = await _snapshot(bot)
    importer = bot.deps.importing.importer
    assert isinstance(importer, ClubImporter)
    broken_bib = "@article{x,\n  title = {Unclosed,\n  year = 2020\n"
    bad = {
        "list.bib": broken_bib,
        "list.csv": "author,year\nAda,2020\n",
        "ids.txt": "https://arxiv.org/abs/4040.40404\n",
    }
    for source, text in bad.items():
        outcome = await importer.import_text(CLUB, text, source=source)
        assert not outcome.applied and outcome.lines, source
    view = await _say(bot, "/papers import 4040.40404\n1706.03762", ADA)
    assert isinstance(view, Notice) and view.text.startswith("Nothing was imported")
    assert any("4040.40404" in line for line in view.details), view.details
    assert await _snapshot(bot) == before


async def test_chat_import_appends_without_reordering(bot: Services) -> None:
    await _say(bot, "/suggest https://arxiv.org/abs/hep-th/9901001")
    before, _ = await _snapshot(bot)
    text = "1706.03762\nhttps://arxiv.org/abs/2401.00001\n"
    view = await _say(bot, f"/papers import {text}", ADA)
    assert isinstance(view, Notice) and view.text.startswith("Imported: Added 1, merged 1"), view
    after, papers = await _snapshot(bot)
    assert after[: len(before)] == before and len(after) == len(before) + 1
    new = next(p for p in papers if p.id == after[-1][0])
    assert new.arxiv_id == "2401.00001" and new.summary
    assert new.summary_source == SummarySource.ABSTRACT
    again = await _say(bot, f"/papers import {text}", ADA)
    assert isinstance(again, Notice) and "unchanged" in again.details[0]
    assert (await _snapshot(bot))[0] == after
