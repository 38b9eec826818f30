"""A club's own summary and prompts for a paper: what /paper edit, /paper regenerate and
/paper reset share (finding the paper, checking an admin's text), and the club-language version
a non-English club gets on /suggest. The club's version is its own: other clubs keep theirs.
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.commands.context import Writing
from bot.core.domain.clubs import Club
from bot.core.domain.errors import InvalidInput
from bot.core.domain.papers import ClubPaperContent, Paper, PaperContent, SummarySource
from bot.core.ports import UnitOfWork
from bot.core.text import t
from bot.core.usecases import queue_numbers
from bot.core.usecases.paper_refs import find_paper, is_number

MAX_SUMMARY = 2_000
MAX_PROMPT = 500
MAX_PROMPTS = 8


async def find(uow: UnitOfWork, club: Club, query: str, paper_id: int | None = None) -> Paper:
    """The paper `query` names; given the management page's `paper_id`, that waiting paper
    wherever the queue has moved it since (`query` was its number when the page was loaded)."""
    if paper_id is not None:
        shown = int(query) if is_number(query) and len(query) < 10 else 0
        return queue_numbers.by_id(await queue_numbers.waiting(uow, club), paper_id, shown)[0].paper
    query = " ".join(query.split())
    if not query:
        raise InvalidInput(t("Which paper?"), hint=t("Name it by a word of its title, or its id."))
    return await find_paper(uow, club, query)


def checked_summary(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise InvalidInput(t("The summary is empty."), hint=t("Write a sentence or two."))
    if len(text) > MAX_SUMMARY:
        raise InvalidInput(
            t(
                "That summary is {length} characters; at most {limit} fit on a card.",
                length=len(text),
                limit=MAX_SUMMARY,
            ),
            hint=t("Shorten it by {over} characters.", over=len(text) - MAX_SUMMARY),
        )
    return text


def checked_prompts(prompts: tuple[str, ...]) -> tuple[str, ...]:
    cleaned = tuple(p for p in (" ".join(p.split()) for p in prompts) if p)
    if not cleaned:
        raise InvalidInput(t("There are no prompts in that."), hint=t("Give one prompt per line."))
    if len(cleaned) > MAX_PROMPTS:
        raise InvalidInput(
            t(
                "That is {count} prompts; a card holds at most {limit}.",
                count=len(cleaned),
                limit=MAX_PROMPTS,
            )
        )
    for prompt in cleaned:
        if len(prompt) > MAX_PROMPT:
            raise InvalidInput(
                t(
                    "A prompt is {length} characters; each fits in {limit}.",
                    length=len(prompt),
                    limit=MAX_PROMPT,
                ),
                hint=t("It starts {start}.", start=repr(prompt[:40])),
            )
    return cleaned


def as_checked(current: PaperContent) -> tuple[str, tuple[str, ...]]:
    """The club's current text as the checks would write it (spaces folded, empty prompts
    dropped), to compare an admin's text with."""
    summary = " ".join(current.summary.split())
    prompts = tuple(p for p in (" ".join(p.split()) for p in current.prompts) if p)
    return summary, prompts


async def current(uow: UnitOfWork, club: Club, paper: Paper) -> PaperContent:
    own = (await uow.papers.club_content(club.id, [paper.id])).get(paper.id)
    if own is not None:
        return own.content
    language = club.settings.language
    summary = paper.summary_for(language)
    return PaperContent(
        summary=summary,
        prompts=paper.prompts,
        source=paper.summary_source or SummarySource.CURATED,
        language=language if paper.summaries.get(language) else paper.summary_language,
    )


async def write_in_club_language(writing: Writing, club: Club, paper: Paper) -> bool:
    """For a club whose language is not English: the paper's summary and prompts in it, when
    the writer can produce them (a language model is configured and its answer passed the
    checks). True when the club now has them."""
    language = club.settings.language
    if language == "en" or paper.summaries.get(language):
        return False
    content = await writing.writer.content_for(paper, language)
    if content.language != language or not content.summary:
        return False  # only English could be had: the shared content already says so
    async with writing.store.uow() as uow:
        if (await uow.papers.club_content(club.id, [paper.id])).get(paper.id) is not None:
            return False  # an admin's version (or an earlier one) stays
        await uow.papers.set_club_content(
            ClubPaperContent(club.id, paper.id, replace(content), writing.store.clock.now(), None)
        )
        await uow.commit()
    return True
