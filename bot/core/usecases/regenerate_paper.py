"""/paper regenerate PAPER: an admin has a paper's summary and prompts written afresh for their
club: by the language model in the club's language when one is configured, else from the paper's
text, else from its abstract. Reading the paper and asking a model take seconds, so that happens
outside any transaction; the card's heading says where the new text came from."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Writing
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.errors import NotFound
from bot.core.domain.papers import ClubPaperContent, SummarySource
from bot.core.text import Text, t
from bot.core.usecases import paper_content
from bot.core.usecases.club_access import require_admin, require_club
from bot.core.usecases.paper_cards import club_card
from bot.core.views import PaperCard

# The card's heading says where the new text came from, each a whole sentence.
_HEADINGS: dict[SummarySource, Text] = {
    SummarySource.LLM: t("Regenerated: written by the language model"),
    SummarySource.PAPER_TEXT: t("Regenerated: drawn from the paper's text"),
    SummarySource.ABSTRACT: t(
        "Regenerated: from the abstract only (the paper's text could not be read)"
    ),
    SummarySource.CURATED: t("Regenerated: the curated text"),
    SummarySource.EDITED: t("Regenerated: edited"),
}


@dataclass(frozen=True, slots=True)
class RegeneratePaperContent:
    paper: str

    @classmethod
    def build(cls, values: Values) -> RegeneratePaperContent:
        return cls(values.text("paper") or "")


async def execute(cmd: RegeneratePaperContent, ctx: Context, writing: Writing) -> PaperCard:
    """Write a paper's summary and prompts afresh, from its text, for this club (admins)."""
    require_admin(ctx, t("regenerate a paper's summary and prompts"))
    async with writing.store.uow() as uow:
        club = await require_club(uow, ctx)
        paper = await paper_content.find(uow, club, cmd.paper)
        language = club.settings.language
    # Outside any transaction: reading the paper and asking a model take seconds.
    content = await writing.writer.content_for(paper, language)
    if not content.summary:
        raise NotFound(
            t(
                "I couldn't read “{title}” or its abstract, so nothing was changed.",
                title=paper.title,
            ),
            hint=t("You can write the summary and prompts yourself with /paper edit."),
        )
    async with writing.store.uow() as uow:
        club = await require_club(uow, ctx)
        await uow.papers.set_club_content(
            ClubPaperContent(club.id, paper.id, content, writing.store.clock.now(), None)
        )
        card = await club_card(uow, club, paper, heading=_HEADINGS[content.source])
        await uow.commit()
    return card


SPEC = CommandSpec(
    "paper regenerate",
    "/paper regenerate PAPER",
    "Write a paper's summary and prompts afresh for this club, from its text or by the model.",
    RegeneratePaperContent,
    RegeneratePaperContent.build,
    execute,
    Writing,
    admin=True,
    private=True,
    options=(
        OptionSpec("paper", "The paper: a word of its title, or its id", OptionKind.PAPER, True),
    ),
)
