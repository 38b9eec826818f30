"""/vote open [papers…] (admins): open a vote now, on the papers named or the next in line.
Its answer is the poll itself, for the whole channel."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.papers import Paper, QueueState
from bot.core.planning import sessionplan as planning
from bot.core.usecases import poll_opening
from bot.core.usecases.club_access import require_club
from bot.core.usecases.paper_refs import find_paper
from bot.core.usecases.poll_candidates import candidate_views, poll_session
from bot.core.usecases.poll_view import poll_view
from bot.core.views import PollView


@dataclass(frozen=True, slots=True)
class OpenPoll:
    papers: tuple[str, ...] = ()  # words that find queued papers; none: the next in line

    @classmethod
    def build(cls, values: Values) -> OpenPoll:
        return cls(values.words("papers"))


async def execute(cmd: OpenPoll, ctx: Context, store: Store) -> PollView:
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        await planning.refresh(uow, club, now, store.plan_weeks)
        chosen: list[Paper] | None = None
        if cmd.papers:
            states = [QueueState.QUEUED, QueueState.SUGGESTED]
            pool = [e.paper for e in await uow.queue.entries(club.id, states)]
            chosen = []
            for word in cmd.papers:
                # "/vote open 3 4": the numbers /papers shows; other words search the queue.
                paper = await find_paper(uow, club, word, among=pool)
                if paper not in chosen:
                    chosen.append(paper)
        poll = await poll_opening.open_poll(uow, club, now, chosen)
        candidates = await candidate_views(uow, poll)
        session = await poll_session(uow, poll)
        await uow.commit()
    return poll_view(club, poll, candidates, 0, session=session, announce=True)


SPEC = CommandSpec(
    "vote open",
    "/vote open [papers…]",
    "Open a vote now, on the papers named or the next in the queue.",
    OpenPoll,
    OpenPoll.build,
    execute,
    Store,
    admin=True,
    options=(OptionSpec("papers", "Their numbers in /papers (or a title word each)", many=True),),
)
