"""/vote: the open poll and how to vote, with your own ballot if you cast one."""

from __future__ import annotations

from bot.core.commands.context import Context, Store
from bot.core.commands.spec import CommandSpec
from bot.core.usecases.ballot_commands import PIN_ONLY, SHOW, ShowPoll
from bot.core.usecases.ballots import pinned
from bot.core.usecases.club_access import require_club
from bot.core.usecases.poll_candidates import candidate_views, poll_session
from bot.core.usecases.poll_view import poll_view
from bot.core.views import PollView


async def execute(cmd: ShowPoll, ctx: Context, store: Store) -> PollView:
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        poll = pinned(await uow.polls.open_for(club.id), cmd.poll)
        ballots = await uow.polls.ballots(poll.id)
        mine = next((b for b in ballots if b.member == ctx.actor.member), None)
        candidates = await candidate_views(uow, poll)
        session = await poll_session(uow, poll)
    return poll_view(club, poll, candidates, len(ballots), mine, session=session)


SPEC = CommandSpec(
    SHOW,
    "/vote",
    "See the vote on the next paper, with your ballot.",
    ShowPoll,
    ShowPoll.build,
    execute,
    Store,
    private=True,
    options=PIN_ONLY,
    default=True,
)
