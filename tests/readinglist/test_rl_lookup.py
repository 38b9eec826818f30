"""Lookup clients against local fake servers (see conftest.py); nothing leaves 127.0.0.1."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.domain.papers import SummarySource
from bot.readinglist.ids import slugify
from bot.readinglist.lookup import InMemoryCache, LookupFailed
from bot.readinglist.lookup.arxiv import ArxivClient
from bot.readinglist.lookup.base import PaperNotFound
from bot.readinglist.lookup.doi import CSL_JSON, DoiClient
from bot.readinglist.lookup.enrich import apply_metadata, apply_summary
from bot.readinglist.lookup.llm import LlmSummariser, PaperBrief
from bot.readinglist.lookup.summarise import clean_text, offline_summary, summary_from_abstract
from bot.readinglist.parsers import parse_text

FAST = {"timeout": 2.0, "retries": 2, "backoff": 0.01}


async def test_arxiv_fetch_parses_the_atom_entry(arxiv_fake: Any) -> None:
    async with ArxivClient(arxiv_fake.url, **FAST) as client:
        paper = await client.fetch("https://arxiv.org/abs/1706.03762v7")
    assert paper.title == "Attention Is All You Need"
    assert paper.authors == ["Ashish Vaswani", "Noam Shazeer"]
    assert (paper.year, paper.arxiv_id, paper.doi) == (
        2017,
        "1706.03762",
        "10.48550/arXiv.1706.03762",
    )
    assert paper.abstract and paper.abstract.startswith("The dominant sequence")


async def test_unknown_ids_fail_clearly_without_retrying(arxiv_fake: Any) -> None:
    async with ArxivClient(arxiv_fake.url, **FAST) as client:
        with pytest.raises(PaperNotFound, match=r"arXiv has no paper 9999\.99999"):
            await client.fetch("9999.99999")
    assert arxiv_fake.hits["9999.99999"] == 1


async def test_a_404_is_not_arxiv_saying_no_such_paper(arxiv_fake: Any) -> None:
    # arXiv answers an unknown id with an empty feed; a 404 comes from a proxy or a wrong URL.
    async with ArxivClient(arxiv_fake.url, **FAST) as client:
        with pytest.raises(LookupFailed) as caught:
            await client.fetch("4040.40404")
    assert not isinstance(caught.value, PaperNotFound)
    assert "answered HTTP 404" in str(caught.value) and "no paper" not in str(caught.value)
    assert arxiv_fake.hits["4040.40404"] == 1


async def test_retries_a_503_then_succeeds(arxiv_fake: Any) -> None:
    async with ArxivClient(arxiv_fake.url, **FAST) as client:
        paper = await client.fetch("1111.11111")
    assert paper.arxiv_id == "1111.11111" and arxiv_fake.hits["1111.11111"] == 2


async def test_gives_up_after_retries(arxiv_fake: Any) -> None:
    async with ArxivClient(arxiv_fake.url, **FAST) as client:
        with pytest.raises(LookupFailed, match=r"arXiv is not answering \(HTTP 503, 3 tries\)"):
            await client.fetch("5000.00000")
    assert arxiv_fake.hits["5000.00000"] == 3


async def test_refuses_entity_declarations(arxiv_fake: Any) -> None:
    async with ArxivClient(arxiv_fake.url, **FAST) as client:
        with pytest.raises(LookupFailed, match="refusing"):
            await client.fetch("6666.66666")


async def test_timeout_and_unreachable_server() -> None:
    async with ArxivClient("http://127.0.0.1:9/api/query", **FAST) as client:
        with pytest.raises(LookupFailed, match="arXiv is not answering"):
            await client.fetch("1706.03762")


async def test_cache_is_used(arxiv_fake: Any) -> None:
    cache = InMemoryCache()
    async with ArxivClient(arxiv_fake.url, cache=cache, **FAST) as client:
        first = await client.fetch("1706.03762")
        second = await client.fetch("1706.03762v2")
    assert first == second and arxiv_fake.hits["1706.03762"] == 1
    assert await cache.get("arxiv:1706.03762") is not None


async def test_doi_client(doi_fake: Any) -> None:
    async with DoiClient(doi_fake.url, **FAST) as client:
        paper = await client.fetch("https://doi.org/10.1000/xyz123")
        with pytest.raises(LookupFailed, match=r"doi\.org has no paper 10\.1000/nothing"):
            await client.fetch("10.1000/nothing")
    assert paper.title == "A Paper About Things" and paper.year == 2019
    assert paper.authors == ["Ada Lovelace", "Babbage"]
    assert paper.abstract == "We show that things are papers."
    assert doi_fake.requests[0]["accept"] == CSL_JSON


async def test_an_id_list_entry_is_filled_in_by_lookup(arxiv_fake: Any) -> None:
    (entry,) = parse_text("1706.03762\n", source="ids.txt").entries
    async with ArxivClient(arxiv_fake.url, **FAST) as client:
        filled = apply_metadata(entry, await client.fetch(entry.arxiv_id or ""))
    assert filled.title == "Attention Is All You Need" and filled.id == slugify(filled.title)
    assert filled.year == 2017 and filled.abstract
    finished = apply_summary(filled, offline_summary(filled.title, filled.abstract))
    assert finished.summary and finished.prompts == []
    assert finished.summary_source == SummarySource.ABSTRACT


ABSTRACT = (
    "Large $\\mathcal{O}(n^2)$ models are \\emph{expensive}.  We propose <b>Foo</b>, a new "
    "method.\n We show that Foo outperforms Bar on five benchmarks. Code is available. "
    "More text follows here."
)


def test_offline_summary_from_the_abstract_makes_up_no_prompts() -> None:
    summary = offline_summary("Foo: Faster Models", ABSTRACT)
    assert summary.summary == (
        "Large O(n^2) models are expensive. We propose Foo, a new method. "
        "We show that Foo outperforms Bar on five benchmarks."
    )
    # No title-swapped template questions: the card says the summary is from the abstract.
    assert summary.prompts == [] and summary.source == SummarySource.ABSTRACT
    assert len(summary_from_abstract("word " * 400)) <= 600
    assert clean_text("a  **b**\n\n[c](http://x)") == "a b c"


BRIEF = PaperBrief(
    title="Foo: Faster Models",
    url="https://arxiv.org/abs/1706.03762",
    abstract=ABSTRACT,
    arxiv_id="1706.03762",
)


async def test_llm_good_and_fenced_json(llm_fake: Any) -> None:
    for model in ("good", "fenced"):
        summariser = LlmSummariser(llm_fake.url, "sk-test", model, timeout=2)
        result = await summariser.write(BRIEF)
        assert result is not None and result.source == SummarySource.LLM
        assert len(result.prompts) == 3
    assert llm_fake.requests[0]["auth"] == "Bearer sk-test"


@pytest.mark.parametrize("model", ["bad-json", "few-prompts", "error-500"])
async def test_llm_failures_give_nothing_to_use(llm_fake: Any, model: str) -> None:
    summariser = LlmSummariser(llm_fake.url, "sk-test", model, timeout=2, retries=0)
    assert await summariser.write(BRIEF) is None


async def test_llm_unreachable_gives_nothing_to_use() -> None:
    summariser = LlmSummariser("http://127.0.0.1:9/v1", "k", "m", timeout=1, retries=0)
    assert await summariser.write(BRIEF) is None
