"""A paper as the card every platform renders, with the club's own summary and prompts when it
has them."""

from __future__ import annotations

from bot.core.domain.clubs import Club
from bot.core.domain.papers import Paper, PaperContent
from bot.core.ports import UnitOfWork
from bot.core.views import PaperCard


def paper_card(
    paper: Paper,
    language: str,
    heading: str | None = None,
    content: PaperContent | None = None,
) -> PaperCard:
    """The card for `paper` in a club whose language is `language`; `content` is the club's own
    summary and prompts when it has some (an admin's edit, a regeneration)."""
    if content is not None:
        summary, prompts = content.summary, content.prompts
        source: str | None = content.source.value
        summary_language = prompts_language = content.language
        source_language = content.source_language
    else:
        summary, prompts = paper.summary_for(language), paper.prompts
        source = paper.summary_source.value if paper.summary_source else None
        prompts_language = paper.summary_language
        summary_language = language if paper.summaries.get(language) else paper.summary_language
        source_language = None
    return PaperCard(
        paper_id=paper.id,
        slug=paper.slug,
        title=paper.title,
        authors=paper.authors,
        year=paper.year,
        url=paper.url,
        summary=summary,
        prompts=prompts,
        arxiv_id=paper.arxiv_id,
        tagline=paper.tagline,
        tags=paper.tags,
        heading=heading,
        authors_cut=paper.authors_cut,
        summary_source=source,
        summary_language=summary_language,
        prompts_language=prompts_language,
        source_language=source_language,
    )


async def club_card(
    uow: UnitOfWork, club: Club, paper: Paper, heading: str | None = None
) -> PaperCard:
    """`paper`'s card as `club` sees it: with the club's own summary and prompts if it has them."""
    own = (await uow.papers.club_content(club.id, [paper.id])).get(paper.id)
    content = own.content if own is not None else None
    return paper_card(paper, club.settings.language, heading=heading, content=content)
