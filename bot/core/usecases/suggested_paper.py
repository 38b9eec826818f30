"""Which paper a /suggest names: one the bot already knows (by link, slug or title), the near
misses when it knows none, and a slug of its own for a new one."""

from __future__ import annotations

from bot.core.domain import paper_match, search
from bot.core.domain.errors import NotFound
from bot.core.domain.papers import Paper, QueueEntry
from bot.core.ports import PaperReference, UnitOfWork
from bot.core.text import t

LINK_HINT = t(
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
    if by_slug is not None:
        return by_slug
    # The club's papers first, but a title the bot knows exactly wins over a near one there.
    mine = paper_match.best_title_match(text, club_papers)
    if mine is not None and paper_match.title_score(text, mine.title) >= 100.0:
        return mine
    known = paper_match.best_title_match(text, everything)
    if known is not None and paper_match.title_score(text, known.title) >= 100.0:
        return known
    return mine or known


async def no_such_title(uow: UnitOfWork, text: str) -> NotFound:
    close = search.search(await uow.papers.all(), text, limit=3)
    hint = LINK_HINT
    if close:
        names = "; ".join(f"{p.title} ({p.year})" if p.year else p.title for p in close)
        hint = t(
            "Did you mean: {papers}? Otherwise, paste an arXiv or DOI link, like "
            "https://arxiv.org/abs/1706.03762, and I'll look it up.",
            papers=names,
        )
    return NotFound(t("I don't know a paper titled “{title}”.", title=text), hint=hint)


def free_slug(paper: Paper, papers: list[Paper]) -> str:
    # Storage matches papers by slug, so a new paper must not take a known paper's slug.
    taken = {p.slug for p in papers}
    if paper.slug not in taken:
        return paper.slug
    n = 2
    while f"{paper.slug[:72]}-{n}" in taken:
        n += 1
    return f"{paper.slug[:72]}-{n}"
