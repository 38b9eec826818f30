"""An admin corrects a paper's summary and prompts for their club, regenerates them, or goes
back to the shared ones. The club's version is its own: other clubs keep seeing theirs.

Editing keeps what the admin does not replace (a new summary keeps the prompts, new prompts
keep the summary). Regenerating asks the PaperWriter outside any transaction, since reading a
paper and asking a model take seconds, and says where the new text came from.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Writing
from bot.core.domain import search
from bot.core.domain.clubs import Club
from bot.core.domain.errors import InvalidInput, NotFound
from bot.core.domain.papers import ClubPaperContent, Paper, PaperContent, SummarySource
from bot.core.ports import UnitOfWork
from bot.core.usecases.common import club_card, require_admin, require_club
from bot.core.views import PaperCard

MAX_SUMMARY = 2_000
MAX_PROMPT = 500
MAX_PROMPTS = 8

SOURCE_WORDS = {
    SummarySource.LLM: "written by the language model",
    SummarySource.PAPER_TEXT: "drawn from the paper's text",
    SummarySource.ABSTRACT: "from the abstract only (the paper's text could not be read)",
    SummarySource.CURATED: "the curated text",
    SummarySource.EDITED: "edited",
}


@dataclass(frozen=True, slots=True)
class EditPaperContent:
    """Replace the summary, the prompts, or both, for this club."""

    paper: str  # a title, slug or a word of it, as /paper takes
    summary: str | None = None
    prompts: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class RegeneratePaperContent:
    paper: str


@dataclass(frozen=True, slots=True)
class ResetPaperContent:
    paper: str


async def _find(uow: UnitOfWork, club: Club, query: str) -> Paper:
    query = " ".join(query.split())
    if not query:
        raise InvalidInput("Which paper?", hint="Name it by a word of its title, or its id.")
    queued = [entry.paper for entry in await uow.queue.entries(club.id)]
    found = search.search(queued, query, limit=1) or search.search(
        await uow.papers.all(), query, limit=1
    )
    if not found:
        raise NotFound(
            f"No paper matches {query[:80]!r}.",
            hint="Try /papers with a word from the title, an author or a tag.",
        )
    return found[0]


def _checked_summary(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise InvalidInput("The summary is empty.", hint="Write a sentence or two.")
    if len(text) > MAX_SUMMARY:
        raise InvalidInput(
            f"That summary is {len(text):,} characters; at most {MAX_SUMMARY:,} fit on a card."
        )
    return text


def _checked_prompts(prompts: tuple[str, ...]) -> tuple[str, ...]:
    cleaned = tuple(p for p in (" ".join(p.split()) for p in prompts) if p)
    if not cleaned:
        raise InvalidInput("There are no prompts in that.", hint="Give one prompt per line.")
    if len(cleaned) > MAX_PROMPTS:
        raise InvalidInput(f"That is {len(cleaned)} prompts; a card holds at most {MAX_PROMPTS}.")
    for prompt in cleaned:
        if len(prompt) > MAX_PROMPT:
            raise InvalidInput(
                f"A prompt is {len(prompt):,} characters; each fits in {MAX_PROMPT}.",
                hint=f"It starts {prompt[:40]!r}.",
            )
    return cleaned


async def _current(uow: UnitOfWork, club: Club, paper: Paper) -> PaperContent:
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


async def edit(cmd: EditPaperContent, ctx: Context, writing: Writing) -> PaperCard:
    """Correct a paper's summary or prompts for this club (admins)."""
    require_admin(ctx, "edit a paper's summary and prompts")
    if cmd.summary is None and cmd.prompts is None:
        raise InvalidInput(
            "Nothing to change: give a new summary, new prompts, or both.",
            hint="Prompts go one per line.",
        )
    summary = _checked_summary(cmd.summary) if cmd.summary is not None else None
    prompts = _checked_prompts(cmd.prompts) if cmd.prompts is not None else None
    async with writing.store.uow() as uow:
        club = await require_club(uow, ctx)
        paper = await _find(uow, club, cmd.paper)
        current = await _current(uow, club, paper)
        content = PaperContent(
            summary=summary if summary is not None else current.summary,
            prompts=prompts if prompts is not None else current.prompts,
            source=SummarySource.EDITED,
            language=club.settings.language,
        )
        await uow.papers.set_club_content(
            ClubPaperContent(
                club.id, paper.id, content, writing.store.clock.now(), ctx.actor.display_name
            )
        )
        card = await club_card(uow, club, paper, heading="Updated for this club")
        await uow.commit()
    return card


async def regenerate(cmd: RegeneratePaperContent, ctx: Context, writing: Writing) -> PaperCard:
    """Write a paper's summary and prompts afresh, from its text, for this club (admins)."""
    require_admin(ctx, "regenerate a paper's summary and prompts")
    async with writing.store.uow() as uow:
        club = await require_club(uow, ctx)
        paper = await _find(uow, club, cmd.paper)
        language = club.settings.language
    # Outside any transaction: reading the paper and asking a model take seconds.
    content = await writing.writer.content_for(paper, language)
    if not content.summary:
        raise NotFound(
            f"I couldn't read “{paper.title}” or its abstract, so nothing was changed.",
            hint="You can write the summary and prompts yourself with the edit command.",
        )
    async with writing.store.uow() as uow:
        club = await require_club(uow, ctx)
        await uow.papers.set_club_content(
            ClubPaperContent(club.id, paper.id, content, writing.store.clock.now(), None)
        )
        heading = f"Regenerated: {SOURCE_WORDS[content.source]}"
        card = await club_card(uow, club, paper, heading=heading)
        await uow.commit()
    return card


async def reset(cmd: ResetPaperContent, ctx: Context, writing: Writing) -> PaperCard:
    """Go back to the shared summary and prompts for a paper (admins)."""
    require_admin(ctx, "reset a paper's summary and prompts")
    async with writing.store.uow() as uow:
        club = await require_club(uow, ctx)
        paper = await _find(uow, club, cmd.paper)
        had_own = await uow.papers.clear_club_content(club.id, paper.id)
        heading = "Back to the shared summary" if had_own else "This club had no version of its own"
        card = await club_card(uow, club, paper, heading=heading)
        await uow.commit()
    return card


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
