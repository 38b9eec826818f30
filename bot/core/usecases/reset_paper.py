"""/paper reset PAPER: an admin drops the club's own summary and prompts for a paper, so the
shared ones show again."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Writing
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.text import t
from bot.core.usecases import paper_content
from bot.core.usecases.club_access import require_admin, require_club
from bot.core.usecases.paper_cards import club_card
from bot.core.views import PaperCard


@dataclass(frozen=True, slots=True)
class ResetPaperContent:
    paper: str

    @classmethod
    def build(cls, values: Values) -> ResetPaperContent:
        return cls(values.text("paper") or "")


async def execute(cmd: ResetPaperContent, ctx: Context, writing: Writing) -> PaperCard:
    """Go back to the shared summary and prompts for a paper (admins)."""
    require_admin(ctx, t("reset a paper's summary and prompts"))
    async with writing.store.uow() as uow:
        club = await require_club(uow, ctx)
        paper = await paper_content.find(uow, club, cmd.paper)
        had_own = await uow.papers.clear_club_content(club.id, paper.id)
        heading = (
            t("Back to the shared summary") if had_own else t("This club had no version of its own")
        )
        card = await club_card(uow, club, paper, heading=heading)
        await uow.commit()
    return card


SPEC = CommandSpec(
    "paper reset",
    "/paper reset PAPER",
    "Go back to the shared summary and prompts for a paper in this club.",
    ResetPaperContent,
    ResetPaperContent.build,
    execute,
    Writing,
    admin=True,
    private=True,
    options=(
        OptionSpec("paper", "The paper: a word of its title, or its id", OptionKind.PAPER, True),
    ),
)
