"""The optional language-model path against a fake OpenAI-compatible server on 127.0.0.1: used
when configured, given the paper's text, its answer checked, any bad answer falling back to the
grounded offline prompts, and a Korean club getting Korean."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from bot.adapters.console.render import render as console_render
from bot.core.domain.papers import Paper, PaperContent, SummarySource
from bot.core.usecases.paper_cards import paper_card
from bot.core.views import Reply
from bot.readinglist.lookup import InMemoryCache
from bot.readinglist.lookup.arxiv import ArxivClient
from bot.readinglist.lookup.doi import DoiClient
from bot.readinglist.lookup.fulltext import PaperTextClient
from bot.readinglist.lookup.llm import LlmSummariser
from bot.readinglist.lookup.service import LookupService
from tests.i18n.platform_text import shown_everywhere
from tests.readinglist.papers_fixture import FakeArxiv, make_paper, serve_app

PAPER = make_paper(11)
FAST = {"timeout": 5.0, "retries": 0, "backoff": 0.01}
GOOD_EN = {
    "summary": f"{PAPER.method} caches states across segments and beats its baselines.",
    "prompts": [
        f"Is {PAPER.method}'s gain on {PAPER.datasets[0]} more than noise?",
        f"Why compare {PAPER.method} with {PAPER.baselines[0]} rather than a larger model?",
        f"What would test {PAPER.method} on inputs longer than it saw?",
    ],
}
GOOD_KO = {
    "summary": f"{PAPER.method}는 segment 사이에 상태를 재사용해 긴 입력을 싸게 처리하는 모델이다.",
    "prompts": [
        f"{PAPER.datasets[0]}에서의 향상은 잡음 이상이라고 볼 수 있을까요?",
        f"왜 {PAPER.baselines[0]}와 비교했으며, 더 큰 모델과는 어떨까요?",
        "영어가 아닌 입력이나 더 긴 입력에서는 어떻게 될지 어떤 실험으로 확인할 수 있을까요?",
    ],
}
BAD = {
    "too-long": {**GOOD_EN, "summary": "word " * 400},
    "mention": {**GOOD_EN, "prompts": [*GOOD_EN["prompts"][:2], "@everyone what do you think?"]},
    "user-mention": {**GOOD_EN, "prompts": [*GOOD_EN["prompts"][:2], "Ask <@123> about it?"]},
    "missing-prompt": {**GOOD_EN, "prompts": GOOD_EN["prompts"][:2]},
    "foreign-link": {
        **GOOD_EN,
        "summary": GOOD_EN["summary"] + " Read more at https://tracker.example.com/x",
    },
    "english-for-korean": GOOD_EN,
}


@dataclass
class FakeModel:
    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    # Set only at teardown: "slow" answers after any client timeout, however loaded the machine.
    never: asyncio.Event = field(default_factory=asyncio.Event)

    async def chat(self, request: web.Request) -> web.Response:
        payload = await request.json()
        self.requests.append(payload)
        model = payload["model"]
        system = payload["messages"][0]["content"]
        if model == "slow":
            await self.never.wait()
        if model in BAD:
            answer: dict[str, Any] = BAD[model]
        else:
            answer = GOOD_KO if "Korean" in system else GOOD_EN
        body = {"choices": [{"message": {"role": "assistant", "content": json.dumps(answer)}}]}
        return web.json_response(body)


@pytest.fixture
async def servers() -> AsyncIterator[tuple[FakeArxiv, FakeModel]]:
    arxiv = FakeArxiv(papers={PAPER.arxiv_id: PAPER}, html_for={PAPER.arxiv_id})
    model = FakeModel()
    app = arxiv.app()
    app.router.add_post("/v1/chat/completions", model.chat)
    runner, base = await serve_app(app)
    arxiv.url, model.url = base, base + "/v1"
    yield arxiv, model
    model.never.set()
    await runner.cleanup()


def _service(arxiv: FakeArxiv, model: FakeModel, name: str, timeout: float = 30) -> LookupService:
    cache = InMemoryCache()
    polite: dict[str, Any] = {"cache": cache, **FAST}
    return LookupService(
        ArxivClient(arxiv.url + "/api/query", **polite),
        DoiClient(arxiv.url + "/doi/", **polite),
        LlmSummariser(model.url, "sk-test", name, timeout=timeout, retries=0),
        papertext=PaperTextClient(arxiv.url + "/html/", arxiv.url + "/pdf/", **polite),
        cache=cache,
    )


async def _for_korean(arxiv: FakeArxiv, model: FakeModel, name: str) -> tuple[Paper, PaperContent]:
    """The paper, looked up with the model `name`, and its content for a Korean club."""
    lookup = _service(arxiv, model, name)
    try:
        paper = await lookup.resolve(PAPER.arxiv_id)
        assert paper is not None
        return paper, await lookup.content_for(paper, "ko")
    finally:
        await lookup.close()


async def test_the_model_is_used_when_configured_and_reads_the_paper_text(
    servers: tuple[FakeArxiv, FakeModel],
) -> None:
    arxiv, model = servers
    lookup = _service(arxiv, model, "good")
    try:
        paper = await lookup.resolve(PAPER.arxiv_id)
    finally:
        await lookup.close()
    assert paper is not None and paper.summary_source == SummarySource.LLM
    assert paper.summary == GOOD_EN["summary"] and list(paper.prompts) == GOOD_EN["prompts"]
    (asked,) = model.requests
    given = asked["messages"][1]["content"]
    # Not only the abstract: the limitations section and the results table went to the model.
    assert PAPER.limitation in given and "Table: Table 1:" in given
    assert "English" in asked["messages"][0]["content"]


@pytest.mark.parametrize("name", [*BAD.keys() - {"english-for-korean"}, "slow"])
async def test_a_bad_answer_falls_back_to_the_grounded_prompts(
    servers: tuple[FakeArxiv, FakeModel], name: str
) -> None:
    arxiv, model = servers
    lookup = _service(arxiv, model, name, timeout=0.5 if name == "slow" else 30)
    try:
        paper = await lookup.resolve(PAPER.arxiv_id)
    finally:
        await lookup.close()
    assert paper is not None and paper.summary_source == SummarySource.PAPER_TEXT
    assert f"“{PAPER.limitation.rstrip('.')}”" in " ".join(paper.prompts)
    assert "@everyone" not in " ".join(paper.prompts) and "tracker" not in paper.summary


async def test_a_korean_club_gets_korean_and_the_card_says_the_source_was_english(
    servers: tuple[FakeArxiv, FakeModel],
) -> None:
    arxiv, model = servers
    paper, content = await _for_korean(arxiv, model, "good")
    assert content.source == SummarySource.LLM and content.language == "ko"
    assert content.summary == GOOD_KO["summary"] and content.source_language == "en"
    assert "Korean" in model.requests[-1]["messages"][0]["content"]
    card = paper_card(paper, "ko", content=content)
    assert (card.summary_language, card.prompts_language, card.source_language) == (
        "ko",
        "ko",
        "en",
    )
    assert "Written in Korean by a language model from the paper's English text" in (
        console_render(card)
    )
    # The Korean club reads that mark in Korean, on every platform.
    for platform, shown in shown_everywhere(Reply(card, language="ko")).items():
        assert "언어 모델이 논문의 영어 본문을 바탕으로 한국어로 썼습니다." in shown, platform
        assert GOOD_KO["prompts"][0] in shown and "language model" not in shown, platform


async def test_an_english_answer_for_a_korean_club_is_refused(
    servers: tuple[FakeArxiv, FakeModel],
) -> None:
    arxiv, model = servers
    _, content = await _for_korean(arxiv, model, "english-for-korean")
    # The grounded English prompts, marked as English, rather than English passed off as Korean.
    assert content.source == SummarySource.PAPER_TEXT and content.language == "en"


async def test_model_answers_are_cached_per_language(
    servers: tuple[FakeArxiv, FakeModel],
) -> None:
    arxiv, model = servers
    lookup = _service(arxiv, model, "good")
    try:
        paper = await lookup.resolve(PAPER.arxiv_id)
        assert paper is not None
        for _ in range(2):
            await lookup.content_for(paper, "ko")
            await lookup.content_for(paper, "en")
    finally:
        await lookup.close()
    assert len(model.requests) == 2  # one English, one Korean
