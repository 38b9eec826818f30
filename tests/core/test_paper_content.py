"""A club's own summary and prompts: an admin edits, regenerates and resets them; a Korean
club's /suggest gets them in Korean when a language model can write them. On the in-memory
fakes; the same repository methods run on SQLite and PostgreSQL in tests/storage."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import pytest

from bot.core.clock import ManualClock
from bot.core.commands.context import Context, Deps
from bot.core.commands.dispatch import Dispatcher
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.errors import InvalidInput, NotFound, PermissionDenied
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.papers import Paper, PaperContent, SummarySource
from bot.core.usecases import paper_content
from bot.core.usecases.paper_content import (
    EditPaperContent,
    RegeneratePaperContent,
    ResetPaperContent,
)
from bot.core.views import Notice, PaperCard
from tests.core.fakes import FakeDatabase, make_paper, seeded_deps
from tests.core.test_suggest import FETCHED, FakeLookup

CLUB = ClubKey(Platform.CONSOLE, "w", "c")
OTHER = ClubKey(Platform.CONSOLE, "w", "other")
ADA = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "ada"), "Ada", is_admin=True), "r")
BO = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "bo"), "Bo"), "r")
ADA_ELSEWHERE = replace(ADA, club=OTHER)
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PAPERS = [
    replace(
        make_paper(1, "Attention Is All You Need", arxiv_id="1706.03762", year=2017),
        summary="The Transformer.",
        prompts=("Why scale by the square root of d_k?", "Do heads matter?", "Encoders?"),
    ),
]
KOREAN = PaperContent(
    summary="스케일링 법칙을 다룬 논문이다. 손실은 멱법칙을 따른다.",
    prompts=("왜 멱법칙일까요?", "데이터가 부족하면 어떻게 될까요?", "계산량은 어떻게 나눌까요?"),
    source=SummarySource.LLM,
    language="ko",
    source_language="en",
)


@dataclass
class FakeWriter:
    """Korean from a model when asked for Korean, else the grounded English text."""

    asked: list[tuple[str, str]] = field(default_factory=list)
    korean: bool = True

    async def content_for(self, paper: Paper, language: str) -> PaperContent:
        self.asked.append((paper.title, language))
        if language == "ko" and self.korean:
            return KOREAN
        return PaperContent(
            summary=f"From the text of {paper.title}.",
            prompts=(f"Does {paper.title} hold up on a second dataset?",) * 3,
            source=SummarySource.PAPER_TEXT,
            source_language="en",
        )


async def _bot(language: str = "en") -> tuple[Deps, FakeDatabase, FakeWriter]:
    writer = FakeWriter()
    deps, db = await seeded_deps(
        ManualClock(START),
        PAPERS,
        ClubSettings(language=language),
        lookup=FakeLookup(),
        writer=writer,
    )
    dispatcher = Dispatcher(deps)
    for ctx in (ADA, ADA_ELSEWHERE):
        assert isinstance((await dispatcher.run_text("/club setup", ctx)).view, Notice)
    return deps, db, writer


async def test_an_admin_edits_the_prompts_for_their_club_only() -> None:
    deps, _, _ = await _bot()
    new = ("Which ablation in Table 3 convinces you most?", "Is BLEU the right measure here?")
    card = await paper_content.edit(EditPaperContent("attention", prompts=new), ADA, deps.writing)
    assert isinstance(card, PaperCard) and card.prompts == new
    assert card.summary == "The Transformer."  # what the admin did not replace stays
    assert card.summary_source == "edited"
    shown = (await Dispatcher(deps).run_text("/paper attention", BO)).view
    assert isinstance(shown, PaperCard) and shown.prompts == new
    elsewhere = (await Dispatcher(deps).run_text("/paper attention", ADA_ELSEWHERE)).view
    assert isinstance(elsewhere, PaperCard) and elsewhere.prompts == PAPERS[0].prompts
    # A new summary later keeps the edited prompts.
    again = await paper_content.edit(
        EditPaperContent("attention", summary="  Attention,   only. "), ADA, deps
    )
    assert again.summary == "Attention, only." and again.prompts == new


async def test_members_cannot_edit_and_bad_edits_change_nothing() -> None:
    deps, db, _ = await _bot()
    with pytest.raises(PermissionDenied):
        await paper_content.edit(EditPaperContent("attention", summary="x"), BO, deps.writing)
    for bad in (
        EditPaperContent("attention"),
        EditPaperContent("attention", summary="   "),
        EditPaperContent("attention", prompts=("",)),
        EditPaperContent("attention", prompts=tuple(f"q{i}?" for i in range(9))),
        EditPaperContent("attention", prompts=("x" * 501,)),
        EditPaperContent("attention", summary="y" * 2001),
    ):
        with pytest.raises(InvalidInput):
            await paper_content.edit(bad, ADA, deps.writing)
    with pytest.raises(NotFound):
        await paper_content.edit(EditPaperContent("no such paper", summary="s"), ADA, deps.writing)
    assert db.store.club_content == {}


async def test_regenerate_writes_afresh_and_says_where_it_came_from() -> None:
    deps, _, writer = await _bot()
    card = await paper_content.regenerate(RegeneratePaperContent("attention"), ADA, deps.writing)
    assert card.summary == "From the text of Attention Is All You Need."
    assert card.summary_source == "paper_text" and card.heading is not None
    assert "paper's text" in card.heading
    assert writer.asked == [("Attention Is All You Need", "en")]
    with pytest.raises(PermissionDenied):
        await paper_content.regenerate(RegeneratePaperContent("attention"), BO, deps.writing)


async def test_reset_goes_back_to_the_shared_text() -> None:
    deps, db, _ = await _bot()
    await paper_content.edit(EditPaperContent("attention", summary="Mine."), ADA, deps.writing)
    card = await paper_content.reset(ResetPaperContent("attention"), ADA, deps.writing)
    assert card.summary == "The Transformer." and card.summary_source != "edited"
    assert db.store.club_content == {}
    again = await paper_content.reset(ResetPaperContent("attention"), ADA, deps.writing)
    assert again.heading == "This club had no version of its own"


async def test_a_korean_club_gets_korean_on_suggest_when_a_model_can_write_it() -> None:
    deps, _, writer = await _bot(language="ko")
    reply = await Dispatcher(deps).run_text("/suggest https://arxiv.org/abs/2001.08361", BO)
    assert isinstance(reply.view, Notice)
    assert writer.asked == [(FETCHED.title, "ko")]
    card = (await Dispatcher(deps).run_text("/paper scaling laws", BO)).view
    assert isinstance(card, PaperCard)
    assert card.summary == KOREAN.summary and card.prompts == KOREAN.prompts
    assert (card.summary_language, card.source_language, card.summary_source) == (
        "ko",
        "en",
        "llm",
    )


async def test_without_a_model_a_korean_club_keeps_the_english_text_marked_english() -> None:
    deps, db, writer = await _bot(language="ko")
    writer.korean = False
    await Dispatcher(deps).run_text("/suggest https://arxiv.org/abs/2001.08361", BO)
    assert db.store.club_content == {}
    card = (await Dispatcher(deps).run_text("/paper scaling laws", BO)).view
    assert isinstance(card, PaperCard) and card.summary_language == "en"
