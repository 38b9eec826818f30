"""What /suggest finds and says: a paper the bot already knows (by id, slug or title), where a
known paper already stands in the club's list, and adding a new suggestion."""

from __future__ import annotations

from datetime import datetime

from bot.core.commands.context import Context
from bot.core.domain import paper_match, search
from bot.core.domain.clubs import Club
from bot.core.domain.errors import NotFound
from bot.core.domain.papers import Paper, QueueEntry, QueueState
from bot.core.ports import PaperReference, UnitOfWork
from bot.core.views import Notice, Tone

NEXT_STEP = "It will be a candidate in the next vote."
LINK_HINT = (
    "Paste an arXiv or DOI link, like https://arxiv.org/abs/1706.03762, and I'll look it up."
)


async def known_paper(
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


async def no_such_title(uow: UnitOfWork, text: str) -> NotFound:
    close = search.search(await uow.papers.all(), text, limit=3)
    hint = LINK_HINT
    if close:
        names = "; ".join(f"{p.title} ({p.year})" if p.year else p.title for p in close)
        hint = f"Did you mean: {names}? Otherwise: {LINK_HINT[0].lower()}{LINK_HINT[1:]}"
    return NotFound(f"I don't know a paper titled {text!r}.", hint=hint)


def free_slug(paper: Paper, papers: list[Paper]) -> str:
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


async def add_suggestion(
    uow: UnitOfWork,
    club: Club,
    entries: list[QueueEntry],
    paper: Paper,
    ctx: Context,
    now: datetime,
) -> Notice:
    """The member's suggestion of `paper`, or where it already stands if the club has it."""
    entry = next((e for e in entries if e.paper.id == paper.id), None)
    if entry is not None:
        return await _already(uow, entries, entry, ctx)
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
    elif entry.state == QueueState.REJECTED:
        where = "An admin turned it down"
        where += f": {entry.note}." if entry.note else "."
        next_step = "Your suggestions and what became of them: /papers mine."
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
