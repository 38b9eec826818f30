"""A club's own summary and prompts, the shared paper's new fields, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.bootstrap import Services
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.papers import ClubPaperContent, Paper, PaperContent, SummarySource

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
HOSTILE = "Robert'); DROP TABLE papers;-- @everyone <!channel> 🙂 한국어"
PAPER = Paper(
    0,
    "gpt-3",
    "Language Models are Few-Shot Learners",
    ("Tom B. Brown", "Benjamin Mann"),
    2020,
    "https://arxiv.org/abs/2005.14165",
    arxiv_id="2005.14165",
    summary="GPT-3.",
    prompts=("Is in-context learning learning?",),
    authors_cut=True,
    summary_source=SummarySource.PAPER_TEXT,
)


async def test_club_content_round_trips_and_stays_per_club(services: Services) -> None:
    async with services.deps.uow() as uow:
        paper = await uow.papers.upsert(PAPER)
        first = await uow.clubs.add(ClubKey(Platform.SLACK, "T1", "C1"), "A", ClubSettings(), NOW)
        second = await uow.clubs.add(ClubKey(Platform.SLACK, "T1", "C2"), "B", ClubSettings(), NOW)
        await uow.commit()
    assert paper.authors_cut and paper.summary_source == SummarySource.PAPER_TEXT
    korean = PaperContent(HOSTILE, ("왜일까요?", HOSTILE), SummarySource.LLM, "ko", "en")
    async with services.deps.uow() as uow:
        await uow.papers.set_club_content(ClubPaperContent(first.id, paper.id, korean, NOW))
        await uow.commit()
    edited = PaperContent("Mine.", ("Q?",), SummarySource.EDITED, "ko")
    async with services.deps.uow() as uow:
        # Replacing is an update of the one row, not a second row.
        await uow.papers.set_club_content(
            ClubPaperContent(first.id, paper.id, edited, NOW, edited_by="Ada")
        )
        await uow.commit()
    async with services.deps.uow() as uow:
        mine = await uow.papers.club_content(first.id, [paper.id])
        theirs = await uow.papers.club_content(second.id, [paper.id])
        stored = await uow.papers.get(paper.id)
    assert mine == {paper.id: ClubPaperContent(first.id, paper.id, edited, NOW, "Ada")}
    assert theirs == {} and stored == paper
    async with services.deps.uow() as uow:
        await uow.papers.set_club_content(ClubPaperContent(first.id, paper.id, korean, NOW))
        await uow.commit()
    async with services.deps.uow() as uow:
        (back,) = (await uow.papers.club_content(first.id, [paper.id])).values()
        assert back.content == korean  # stored literally
        assert await uow.papers.clear_club_content(first.id, paper.id)
        assert not await uow.papers.clear_club_content(first.id, paper.id)
        await uow.commit()
