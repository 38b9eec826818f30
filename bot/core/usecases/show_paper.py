"""/paper [id or title]: this week's paper, or any paper's card."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.errors import NotFound
from bot.core.planning import sessionplan as planning
from bot.core.planning.calendar import format_local
from bot.core.text import t
from bot.core.usecases import show_history
from bot.core.usecases.club_access import require_club
from bot.core.usecases.paper_cards import club_card
from bot.core.usecases.paper_refs import find_paper
from bot.core.views import PaperCard


@dataclass(frozen=True, slots=True)
class ShowPaper:
    query: str | None = None  # a title, an id or a slug; none: this week's paper

    @classmethod
    def build(cls, values: Values) -> ShowPaper:
        return cls(values.text("paper"))


async def execute(cmd: ShowPaper, ctx: Context, store: Store) -> PaperCard:
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        if cmd.query:
            card = await club_card(uow, club, await find_paper(uow, club, cmd.query))
            return replace(card, read_in=await show_history.read_in(uow, club, card.paper_id, now))
        await planning.refresh(uow, club, now, store.plan_weeks)
        await uow.commit()
        for planned in await planning.upcoming(uow, club, now, limit=12):
            if planned.paper is None:
                continue
            session = planned.session
            in_progress = session.starts_at <= now
            card = await club_card(
                uow,
                club,
                planned.paper,
                heading=t("Now in session") if in_progress else t("Next up"),
            )
            presenter = None
            if session.presenter is not None:
                names = await uow.members.display_names([session.presenter])
                presenter = names.get(session.presenter)
            return replace(
                card,
                session_at=session.starts_at,
                session_local=format_local(session.starts_at, club.settings.timezone),
                presenter=presenter,
            )
        raise NotFound(
            t("The reading queue is empty, so no paper is scheduled."),
            hint=t("Suggest one with /suggest, or an admin can import a list."),
        )


SPEC = CommandSpec(
    "paper",
    "/paper [id or title]",
    "This week's paper with its summary and discussion prompts, or any paper's card.",
    ShowPaper,
    ShowPaper.build,
    execute,
    Store,
    options=(
        OptionSpec(
            "paper", "Its number in /papers, or words of its title", OptionKind.PAPER, rest=True
        ),
    ),
)
