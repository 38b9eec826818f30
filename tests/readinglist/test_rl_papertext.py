"""Grounded summaries and prompts from a paper's own text, against a fake arXiv on 127.0.0.1
serving the HTML and PDF of papers written for these tests (papers_fixture.py)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from itertools import combinations
from typing import Any

import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.adapters.console.render import render as console_render
from bot.core.domain.papers import SummarySource
from bot.core.usecases.paper_cards import paper_card
from bot.readinglist.lookup import InMemoryCache
from bot.readinglist.lookup.arxiv import ArxivClient
from bot.readinglist.lookup.doi import DoiClient
from bot.readinglist.lookup.fulltext import PaperTextClient
from bot.readinglist.lookup.politeness import HostLimiter, HostPolicy, user_agent
from bot.readinglist.lookup.service import LookupService
from bot.readinglist.papertext.document import MAX_CHARS
from bot.readinglist.papertext.grounded import ground
from bot.readinglist.papertext.html_text import read_html
from bot.readinglist.papertext.pdf_text import read_pdf
from tests.readinglist.papers_fixture import (
    FakeArxiv,
    FakePaper,
    make_paper,
    paper_html,
    paper_pdf,
    serve_app,
)

FAST = {"timeout": 5.0, "retries": 0, "backoff": 0.01}
PAPERS = {p.arxiv_id: p for p in (make_paper(i) for i in range(4))}
WITH_HTML, PDF_ONLY, NO_TEXT = list(PAPERS)[:2], list(PAPERS)[2], list(PAPERS)[3]


@pytest.fixture
async def fake_arxiv() -> AsyncIterator[FakeArxiv]:
    fake = FakeArxiv(papers=dict(PAPERS), html_for=set(WITH_HTML), no_pdf={NO_TEXT})
    runner, base = await serve_app(fake.app())
    fake.url = base
    yield fake
    await runner.cleanup()


def _service(fake: FakeArxiv, **options: Any) -> LookupService:
    cache = options.pop("cache", InMemoryCache())
    polite: dict[str, Any] = {"cache": cache, "user_agent": user_agent("ops@example.org"), **FAST}
    polite.update(options)
    return LookupService(
        ArxivClient(fake.url + "/api/query", **polite),
        DoiClient(fake.url + "/doi/", **polite),
        papertext=PaperTextClient(fake.url + "/html/", fake.url + "/pdf/", **polite),
        cache=cache,
    )


def _unquoted_sentences(prompts: tuple[str, ...], title: str) -> set[str]:
    """The prompts' sentences with quoted text and the title taken out."""
    text = " ".join(prompts).replace(title, " ")
    text = re.sub(r"“[^”]*”|\"[^\"]*\"", " ", text)
    parts = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    return {p.strip().casefold() for p in parts if len(p.strip()) > 3}


@pytest.mark.parametrize("arxiv_id", [WITH_HTML[0], PDF_ONLY])
async def test_offline_prompts_quote_the_papers_own_limitation_and_result(
    fake_arxiv: FakeArxiv, arxiv_id: str
) -> None:
    paper = PAPERS[arxiv_id]
    lookup = _service(fake_arxiv)
    try:
        found = await lookup.resolve(f"https://arxiv.org/abs/{arxiv_id}")
    finally:
        await lookup.close()
    assert found is not None and found.summary_source == SummarySource.PAPER_TEXT
    prompts = " ".join(found.prompts)
    assert len(found.prompts) >= 3
    assert f"“{paper.limitation.rstrip('.')}”" in prompts  # its own limitation, quoted
    assert f"“{paper.result.rstrip('.')}”" in prompts  # its headline result, with numbers
    assert str(paper.score) in prompts and paper.baselines[0] in prompts
    assert all(d in prompts for d in paper.datasets)
    assert paper.result.rstrip(".") in found.summary
    # HTML where arXiv has it, the PDF otherwise.
    kind = "html" if arxiv_id in WITH_HTML else "pdf"
    assert fake_arxiv.hits(kind, arxiv_id) == 1
    assert fake_arxiv.hits("pdf", arxiv_id) == (0 if kind == "html" else 1)
    card = console_render(paper_card(found, "en"))
    assert "drawn from the paper's own text" in card


async def test_a_paper_with_no_text_says_its_summary_is_from_the_abstract(
    fake_arxiv: FakeArxiv,
) -> None:
    lookup = _service(fake_arxiv)
    try:
        found = await lookup.resolve(NO_TEXT)
    finally:
        await lookup.close()
    assert found is not None and found.summary_source == SummarySource.ABSTRACT
    assert found.prompts == ()  # no template dressed up as a discussion question
    assert found.summary.startswith("Long inputs remain expensive")
    card = console_render(paper_card(found, "en"))
    assert "Summary from the abstract" in card and "Discussion prompts" not in card


async def test_text_is_fetched_once_then_cached_and_with_the_user_agent(
    fake_arxiv: FakeArxiv,
) -> None:
    cache = InMemoryCache()
    for _ in range(2):
        lookup = _service(fake_arxiv, cache=cache)
        try:
            await lookup.resolve(WITH_HTML[1])
        finally:
            await lookup.close()
    assert fake_arxiv.hits("html", WITH_HTML[1]) == 1
    assert await cache.get(f"papertext:{WITH_HTML[1]}") is not None
    agents = {agent for _, _, agent in fake_arxiv.requests}
    assert agents == {user_agent("ops@example.org")}


async def test_metadata_and_text_share_the_arxiv_budget(fake_arxiv: FakeArxiv) -> None:
    """The export API, /html/ and /pdf/ are one service: one request per 3 s among them."""
    waits: list[float] = []
    now = [0.0]

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    limiter = HostLimiter(
        {"127.0.0.1": HostPolicy(min_interval=3.0, connections=1)},
        monotonic=lambda: now[0],
        sleep=sleep,
    )
    lookup = _service(fake_arxiv, limiter=limiter)
    try:
        await lookup.resolve(PDF_ONLY)  # API, then /html/ (404), then /pdf/
    finally:
        await lookup.close()
    assert [k for k, i, _ in fake_arxiv.requests] == ["api", "html", "pdf"]
    assert waits == [3.0, 3.0]


async def test_size_cap_and_redirect_guard_fall_back_to_the_pdf(fake_arxiv: FakeArxiv) -> None:
    huge_id, private_id = WITH_HTML

    def huge(request: web.Request) -> web.Response:
        return web.Response(text="<p>" + "x" * 300_000 + "</p>", content_type="text/html")

    def to_private(request: web.Request) -> web.Response:
        raise web.HTTPFound("http://10.1.2.3/html/paper")

    fake_arxiv.html_override = {huge_id: huge, private_id: to_private}
    polite: dict[str, Any] = {"cache": InMemoryCache(), **FAST}
    client = PaperTextClient(
        fake_arxiv.url + "/html/", fake_arxiv.url + "/pdf/", max_html_bytes=100_000, **polite
    )
    try:
        for arxiv_id in (huge_id, private_id):
            text = await client.fetch(arxiv_id)
            assert text is not None and text.source == "pdf"  # not the refused HTML
    finally:
        await client.close()
    assert not any("10.1.2.3" in str(r) for r in fake_arxiv.requests)


async def test_a_redirect_on_the_same_host_is_followed(fake_arxiv: FakeArxiv) -> None:
    arxiv_id = WITH_HTML[0]

    def versioned(request: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently(f"/html/{arxiv_id}v2")

    fake_arxiv.html_override = {arxiv_id: versioned}
    client = PaperTextClient(fake_arxiv.url + "/html/", fake_arxiv.url + "/pdf/", **FAST)
    try:
        text = await client.fetch(arxiv_id)
    finally:
        await client.close()
    assert text is not None and text.source == "html"
    assert text.title == PAPERS[arxiv_id].title


def test_twenty_papers_share_no_prompt_sentence_outside_quotes_and_titles() -> None:
    papers = [make_paper(i) for i in range(20)]
    sentences: dict[str, set[str]] = {}
    for index, paper in enumerate(papers):
        # Half from their HTML, half from their PDF, all through the real parsers.
        text = read_pdf(paper_pdf(paper)) if index % 2 else read_html(paper_html(paper).encode())
        made = ground(text, title=paper.title, abstract=paper.abstract)
        assert len(made.prompts) >= 3, paper.title
        sentences[paper.arxiv_id] = _unquoted_sentences(made.prompts, paper.title)
    for (a, first), (b, second) in combinations(sentences.items(), 2):
        assert not first & second, f"{a} and {b} share {first & second}"


def test_the_html_reader_keeps_text_and_skips_chrome() -> None:
    paper = make_paper(7)
    text = read_html(paper_html(paper).encode())
    assert text.title == paper.title and text.abstract == paper.abstract
    headings = [s.heading for s in text.sections]
    assert "6 Limitations" in headings and not any("References" in h for h in headings)
    everything = str(text.to_dict())
    for chrome in ("Toggle navigation", "not text", "NotThisOne", "Generated by LaTeXML"):
        assert chrome not in everything
    (table,) = text.tables
    assert table.caption.startswith("Table 1:") and table.rows[0][0] == "Model"


def _paper_with(limitation: str) -> FakePaper:
    base = make_paper(1)
    return FakePaper(**{**base.__dict__, "limitation": limitation})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_any_html_reads_without_error_and_within_bounds(junk: str) -> None:
    text = read_html(("<html><body>" + junk + "<p>" + junk).encode("utf-8", "replace"))
    assert len(str(text.to_dict())) < MAX_CHARS * 2


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=5, max_size=300))
def test_prompts_quote_whatever_the_paper_says_without_breaking(limitation: str) -> None:
    paper = _paper_with(limitation)
    made = ground(read_html(paper_html(paper).encode()), title=paper.title)
    for prompt in made.prompts:
        assert prompt.count("“") == prompt.count("”")  # quotations stay balanced
        assert prompt.endswith("?")


async def test_parsing_runs_off_the_event_loop() -> None:
    """While a large page is parsed, the loop keeps serving other work."""
    from bot.readinglist.papertext.extract import read_paper

    big = paper_html(make_paper(2)).replace(
        '<p class="ltx_p">Reading', "<p>" + "word " * 200_000 + '</p><p class="ltx_p">Reading'
    )
    ticks = 0
    done = asyncio.Event()

    async def heartbeat() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0)

    beat = asyncio.create_task(heartbeat())
    text = await read_paper(big.encode())
    done.set()
    await beat
    assert text.has_body and ticks > 1
