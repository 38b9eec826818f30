"""/paper edit PAPER summary|prompts TEXT: an admin corrects a paper's summary or its prompts
for their club. What the admin does not replace stays (a new summary keeps the prompts)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.commands.context import Context, Writing
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.errors import InvalidInput
from bot.core.domain.papers import ClubPaperContent, PaperContent, SummarySource
from bot.core.text import t
from bot.core.usecases import paper_content
from bot.core.usecases.club_access import require_admin, require_club
from bot.core.usecases.paper_cards import club_card
from bot.core.usecases.queue_edits import PAPER_ID
from bot.core.views import PaperCard

PARTS = ("summary", "prompts")
# Prompts come one per line (the management page's box, a form) or, typed on one line,
# separated by " | " (chat, a Discord text option). A text with lines, or from the page's box,
# is split on lines alone: a prompt may hold a "|" of its own ("p(y|x)"), which a box saved
# untouched must keep whole.
# Split on the separator alone and strip after: `\s*\|\s*` rescans a run of spaces from each
# of its positions (quadratic in the admin's text).
_PROMPT_BREAK = re.compile(r"[|\n]")


@dataclass(frozen=True, slots=True)
class EditPaperContent:
    """Replace the summary, the prompts, or both, for this club."""

    paper: str  # a title, slug or a word of it, as /paper takes
    summary: str | None = None
    prompts: tuple[str, ...] | None = None
    # The management page's edit boxes: the waiting paper they were opened for, which `paper`
    # (its number then) may no longer name once the queue has shifted.
    paper_id: int | None = None

    @classmethod
    def build(cls, values: Values) -> EditPaperContent:
        part = (values.text("part") or "").casefold()
        text = values.text("text") or ""
        if part not in PARTS:
            raise InvalidInput(
                t("Say what to change: summary or prompts."),
                hint=t("/paper edit attention prompts First question? | Second question?"),
            )
        paper, paper_id = values.text("paper") or "", values.integer("paper_id")
        if part == "summary":
            return cls(paper, summary=text, paper_id=paper_id)
        boxed = paper_id is not None or "\n" in text.strip()
        parts = text.split("\n") if boxed else _PROMPT_BREAK.split(text)
        return cls(paper, prompts=tuple(p.strip() for p in parts), paper_id=paper_id)


async def execute(cmd: EditPaperContent, ctx: Context, writing: Writing) -> PaperCard:
    """Correct a paper's summary or prompts for this club (admins)."""
    require_admin(ctx, t("edit a paper's summary and prompts"))
    if cmd.summary is None and cmd.prompts is None:
        raise InvalidInput(
            t("Nothing to change: give a new summary, new prompts, or both."),
            hint=t("Prompts go one per line."),
        )
    summary = paper_content.checked_summary(cmd.summary) if cmd.summary is not None else None
    prompts = paper_content.checked_prompts(cmd.prompts) if cmd.prompts is not None else None
    async with writing.store.uow() as uow:
        club = await require_club(uow, ctx)
        paper = await paper_content.find(uow, club, cmd.paper, cmd.paper_id)
        current = await paper_content.current(uow, club, paper)
        content = PaperContent(
            summary=summary if summary is not None else current.summary,
            prompts=prompts if prompts is not None else current.prompts,
            source=SummarySource.EDITED,
            language=club.settings.language,
        )
        had = paper_content.as_checked(current)
        # Only the parts given are compared: the one kept is as the club has it, which may be
        # spaced otherwise (an arXiv abstract's line breaks) than the checks would write it.
        if (summary or had[0], prompts or had[1]) == had:
            # The text the club has already: the same edit again (a double submit, a retried
            # form) or a management page's box saved untouched. Nothing to write, so the text
            # is not marked edited (an edit would also keep a club-language version from
            # being written), and the card says so rather than claiming an update.
            return await club_card(
                uow, club, paper, heading=t("Unchanged: the club already has this text")
            )
        await uow.papers.set_club_content(
            ClubPaperContent(
                club.id, paper.id, content, writing.store.clock.now(), ctx.actor.display_name
            )
        )
        card = await club_card(uow, club, paper, heading=t("Updated for this club"))
        await uow.commit()
    return card


SPEC = CommandSpec(
    "paper edit",
    "/paper edit PAPER summary|prompts TEXT",
    "Correct a paper's summary or prompts for this club (prompts one per line, or split by |).",
    EditPaperContent,
    EditPaperContent.build,
    execute,
    Writing,
    admin=True,
    private=True,
    options=(
        OptionSpec("paper", "The paper: a word of its title, or its id", OptionKind.PAPER, True),
        OptionSpec("part", "What to replace", OptionKind.CHOICE, True, choices=PARTS),
        OptionSpec("text", "The new summary, or the prompts", OptionKind.TEXT, True, rest=True),
        PAPER_ID,
    ),
)
