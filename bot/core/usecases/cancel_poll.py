"""/vote cancel (admins): call the open vote off. Nothing is decided: the session it named takes
the queue's next paper, its ballots are kept but never counted, and its closing post is dropped
from the plan (`sync_posts` no longer sees an open poll)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Store
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import NoOptions
from bot.core.domain.errors import NotFound
from bot.core.domain.polls import PollStatus
from bot.core.planning.postplan import sync_posts
from bot.core.text import t, tn
from bot.core.usecases.club_access import require_club
from bot.core.usecases.poll_candidates import poll_session
from bot.core.usecases.session_refs import session_label
from bot.core.views import EndedPoll, Notice, Tone


@dataclass(frozen=True, slots=True)
class CancelPoll(NoOptions):
    pass


async def execute(cmd: CancelPoll, ctx: Context, store: Store) -> Notice:
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        poll = await uow.polls.open_for(club.id)
        if poll is None:
            raise NotFound(t("No vote is open."), hint=t("An admin can start one with /vote open."))
        ballots = len(await uow.polls.ballots(poll.id))
        await uow.polls.update(replace(poll, status=PollStatus.CANCELLED))
        session = await poll_session(uow, poll)
        await sync_posts(uow, club, now)
        await uow.commit()
    called_off = (
        t("The vote for {session} is called off.", session=session_label(session, club))
        if session is not None
        else t("The vote is called off.")
    )
    return Notice(
        called_off,
        Tone.WARNING,
        details=(
            tn("{n} ballot will not be counted.", "{n} ballots will not be counted.", ballots),
            t(
                "The session takes the next paper in the queue; an admin can open a new vote with "
                "/vote open."
            ),
        ),
        ended_poll=EndedPoll(poll.id, poll.opened_at),
    )


SPEC = CommandSpec(
    "vote cancel",
    "/vote cancel",
    "Call the open vote off: nothing is decided, the queue order stands.",
    CancelPoll,
    CancelPoll.build,
    execute,
    Store,
    admin=True,
)
