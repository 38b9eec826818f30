"""/suggest <arXiv URL | DOI | title>: put a paper up for the club's next vote.

A link is looked up (arXiv or doi.org) unless the paper is already known; a title must name a
paper the bot knows, because metadata is never invented. A paper the club already has is not
added twice: the answer says where it stands instead.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Deps
from bot.core.domain import paper_match, search
from bot.core.domain.clubs import Club
from bot.core.domain.errors import InvalidInput, NotFound
from bot.core.domain.papers import Paper, QueueEntry, QueueState
from bot.core.ports import PaperReference, UnitOfWork
from bot.core.usecases.common import require_club
from bot.core.usecases.paper_content import write_in_club_language
from bot.core.views import Notice, Tone

MAX_TEXT = 500
NEXT_STEP = "It will be a candidate in the next vote."
LINK_HINT = (
    "Paste an arXiv or DOI link, like https://arxiv.org/abs/1706.03762, and I'll look it up."
)


@dataclass(frozen=True, slots=True)
class SuggestPaper:
    reference: str


def _clean(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise InvalidInput(
            "Which paper? Give me a link or a title.",
            hint="Usage: /suggest <arXiv URL | DOI | title>",
        )
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            f"That is {len(text):,} characters; a link or a title fits in {MAX_TEXT}.",
            hint="Paste just the paper's link or title. Lists go to /papers import (admins).",
        )
    # Format and control characters (zero-width, bidi overrides) hide what a title really says.
    if any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in text):
        raise InvalidInput(
            "That text contains invisible control characters.",
            hint="Paste just the paper's link or title as plain text.",
        )
    return text


async def execute(cmd: SuggestPaper, ctx: Context, deps: Deps) -> Notice:
    """Suggest a paper for the next vote; you are credited with it."""
    text = _clean(cmd.reference)
    ref = deps.lookup.identify(text) if deps.lookup is not None else None
    if deps.lookup is None and "://" in text:
        raise InvalidInput("Looking up links is not set up for this bot.", hint=_title_hint())
    async with deps.uow() as uow:
        club = await require_club(uow, ctx)
        entries = await uow.queue.entries(club.id)
        known = await _known(uow, entries, text, ref)
        if known is not None:
            return await _suggest(uow, club, entries, known, ctx, deps)
        if ref is None:
            raise await _no_such_title(uow, text)
    assert deps.lookup is not None
    # Outside any transaction: the lookup may wait seconds on arXiv.
    fetched = await deps.lookup.resolve(text)
    if fetched is None:
        raise NotFound(f"I couldn't find the paper {ref} names.", hint=LINK_HINT)
    async with deps.uow() as uow:
        club = await require_club(uow, ctx)
        entries = await uow.queue.entries(club.id)
        papers = await uow.papers.all()
        # The link may name a paper we know under its other id, or only by title.
        club_papers = [e.paper for e in entries]
        match = next(
            (p for p in [*club_papers, *papers] if paper_match.same_paper(fetched, p)), None
        )
        fresh = match is None
        if match is None:
            match = await uow.papers.upsert(replace(fetched, slug=_free_slug(fetched, papers)))
        notice = await _suggest(uow, club, entries, match, ctx, deps)
    if fresh:
        # A Korean (or any non-English) club gets the summary and prompts in its language
        # when a language model can write them; after the commit, so the suggestion stands
        # whatever the model does.
        await write_in_club_language(deps, club, match)
    return notice


def _title_hint() -> str:
    return "Suggest a paper the club knows by its title, e.g. /suggest Attention Is All You Need."


async def _known(
    uow: UnitOfWork, entries: list[QueueEntry], text: str, ref: PaperReference | None
) -> Paper | None:
    if ref is not None:
        if ref.arxiv_id:
            return await uow.papers.find_by_arxiv(ref.arxiv_id)
        return await uow.papers.find_by_doi(ref.doi or "")
    club_papers = [e.paper for e in entries]
    everything = await uow.papers.all()
    # Autocomplete hands us a slug; a member types a title.
    by_slug = next((p for p in everything if p.slug == text.casefold()), None)
    return (
        by_slug
        or paper_match.best_title_match(text, club_papers)
        or paper_match.best_title_match(text, everything)
    )


async def _no_such_title(uow: UnitOfWork, text: str) -> NotFound:
    close = search.search(await uow.papers.all(), text, limit=3)
    hint = LINK_HINT
    if close:
        names = "; ".join(f"{p.title} ({p.year})" if p.year else p.title for p in close)
        hint = f"Did you mean: {names}? Otherwise: {LINK_HINT[0].lower()}{LINK_HINT[1:]}"
    return NotFound(f"I don't know a paper titled {text!r}.", hint=hint)


def _free_slug(paper: Paper, papers: list[Paper]) -> str:
    # Storage matches papers by slug, so a new paper must not take a known paper's slug.
    taken = {p.slug for p in papers}
    if paper.slug not in taken:
        return paper.slug
    n = 2
    while f"{paper.slug[:72]}-{n}" in taken:
        n += 1
    return f"{paper.slug[:72]}-{n}"


def _label(paper: Paper) -> str:
    return f"“{paper.title}” ({paper.year})" if paper.year else f"“{paper.title}”"


async def _suggest(
    uow: UnitOfWork,
    club: Club,
    entries: list[QueueEntry],
    paper: Paper,
    ctx: Context,
    deps: Deps,
) -> Notice:
    entry = next((e for e in entries if e.paper.id == paper.id), None)
    if entry is not None:
        return await _already(uow, entries, entry, ctx)
    now = deps.clock.now()
    await uow.members.ensure(ctx.actor.member, ctx.actor.display_name, now)
    await uow.queue.append(
        club.id, paper.id, QueueState.SUGGESTED, now, suggested_by=ctx.actor.member
    )
    await uow.commit()
    return Notice(
        f"{ctx.actor.display_name} suggested {_label(paper)}.",
        Tone.SUCCESS,
        details=(
            NEXT_STEP,
            f"{paper.authors_short()} · {paper.url}",
            f"Its card: /paper {paper.slug}",
        ),
    )


async def _already(
    uow: UnitOfWork, entries: list[QueueEntry], entry: QueueEntry, ctx: Context
) -> Notice:
    paper = entry.paper
    if entry.state == QueueState.SUGGESTED:
        if entry.suggested_by == ctx.actor.member:
            where = "You already suggested it."
        elif entry.suggested_by is not None:
            names = await uow.members.display_names([entry.suggested_by])
            where = (
                f"It was already suggested by {names.get(entry.suggested_by, 'another member')}."
            )
        else:
            where = "It is already a candidate."
        next_step = NEXT_STEP
    elif entry.state == QueueState.QUEUED:
        waiting = [e for e in entries if e.state in (QueueState.QUEUED, QueueState.SUGGESTED)]
        number = next(n for n, e in enumerate(waiting, start=1) if e.paper.id == paper.id)
        where = f"It is already in the reading queue, at #{number}."
        next_step = "See the queue with /papers."
    elif entry.state == QueueState.SCHEDULED:
        where = "It is already scheduled for a session."
        next_step = "See when with /schedule."
    else:
        where = "The club has already read it."
        next_step = "Suggest something new with /suggest <link>."
    return Notice(
        f"{_label(paper)} is already on this club's list. {where}",
        Tone.WARNING,
        details=(next_step, f"Its card: /paper {paper.slug}"),
    )
