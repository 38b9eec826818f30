"""Small helpers shared by the use cases."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.domain.clubs import Club
from bot.core.domain.errors import ClubNotSetUp, PermissionDenied
from bot.core.domain.papers import Paper
from bot.core.ports import UnitOfWork
from bot.core.views import PaperCard


async def require_club(uow: UnitOfWork, ctx: Context) -> Club:
    club = await uow.clubs.get(ctx.club)
    if club is None:
        raise ClubNotSetUp(
            "This channel has no paper club yet.",
            hint="An admin can start one here with /club setup.",
        )
    return club


def require_admin(ctx: Context, what: str) -> None:
    if not ctx.actor.is_admin:
        raise PermissionDenied(
            f"Only club admins can {what}.",
            hint="Ask someone with the Manage Server permission (or a workspace admin).",
        )


def paper_card(paper: Paper, language: str, heading: str | None = None) -> PaperCard:
    return PaperCard(
        paper_id=paper.id,
        slug=paper.slug,
        title=paper.title,
        authors=paper.authors,
        year=paper.year,
        url=paper.url,
        summary=paper.summary_for(language),
        prompts=paper.prompts,
        arxiv_id=paper.arxiv_id,
        tagline=paper.tagline,
        tags=paper.tags,
        heading=heading,
    )
