"""/vote results: the last closed vote's counts (and IRV rounds)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import NoOptions
from bot.core.domain.errors import NotFound
from bot.core.text import t
from bot.core.usecases.club_access import require_club
from bot.core.usecases.poll_candidates import poll_session
from bot.core.usecases.poll_results import count, results_view
from bot.core.views import ResultsView


@dataclass(frozen=True, slots=True)
class ShowResults(NoOptions):
    pass


async def execute(cmd: ShowResults, ctx: Context, store: Store) -> ResultsView:
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        poll = await uow.polls.latest_closed(club.id)
        if poll is None:
            raise NotFound(t("No vote has closed yet."), hint=t("See the open one with /vote."))
        result, papers = await count(uow, poll)
        # The session the winner went to; none when nobody voted (nothing was decided).
        session = await poll_session(uow, poll) if poll.winner_paper_id is not None else None
    return results_view(club, poll, result, papers, session)


SPEC = CommandSpec(
    "vote results",
    "/vote results",
    "The last closed vote's counts.",
    ShowResults,
    ShowResults.build,
    execute,
    Store,
    private=True,
)
