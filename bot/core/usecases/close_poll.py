"""/vote close [queue] (admins): close the open vote now; the winner takes the session the vote
named when it opened. The scheduler closes votes at their deadline the same way (poll_closing).

A vote nobody voted in decides nothing: the admin is asked to choose (keep the queue order with
`/vote close queue`, or call it off with `/vote cancel`); at its deadline it keeps the queue
order and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values, usage_text
from bot.core.domain.errors import Conflict, InvalidInput, NotFound
from bot.core.text import t
from bot.core.usecases.club_access import require_club
from bot.core.usecases.poll_candidates import poll_session
from bot.core.usecases.poll_closing import close_poll
from bot.core.usecases.session_refs import session_label
from bot.core.views import ResultsView

QUEUE = "queue"


@dataclass(frozen=True, slots=True)
class ClosePoll:
    keep_queue: bool = False  # "queue": close a vote nobody voted in, keeping the queue order

    @classmethod
    def build(cls, values: Values) -> ClosePoll:
        word = (values.text("empty") or "").casefold()
        if word not in ("", QUEUE):
            raise InvalidInput(usage_text("/vote close [queue]"))
        return cls(word == QUEUE)


async def execute(cmd: ClosePoll, ctx: Context, store: Store) -> ResultsView:
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        poll = await uow.polls.open_for(club.id)
        if poll is None:
            raise NotFound(t("No vote is open."), hint=t("An admin can start one with /vote open."))
        if not cmd.keep_queue and not await uow.polls.ballots(poll.id):
            session = await poll_session(uow, poll)
            nobody = (
                t(
                    "Nobody has voted for {session} yet, so there is no winner to schedule.",
                    session=session_label(session, club),
                )
                if session is not None
                else t("Nobody has voted yet, so there is no winner to schedule.")
            )
            raise Conflict(
                nobody,
                hint=t(
                    "Choose: /vote close queue keeps the queue order (the session takes the next "
                    "queued paper), /vote cancel calls the vote off."
                ),
            )
        view = await close_poll(uow, club, poll, store.clock.now())
        await uow.commit()
    return view


SPEC = CommandSpec(
    "vote close",
    "/vote close [queue]",
    "Close the open vote now and schedule the winner for the session it names.",
    ClosePoll,
    ClosePoll.build,
    execute,
    Store,
    admin=True,
    options=(
        OptionSpec(
            "empty",
            "If nobody voted: 'queue' keeps the queue order",
            choices=(QUEUE,),
        ),
    ),
)
