"""/present accept: the member asked takes the requester's session, and gives theirs."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Store
from bot.core.commands.spec import CommandSpec
from bot.core.domain.errors import Conflict
from bot.core.domain.swaps import SwapStatus
from bot.core.text import t
from bot.core.usecases.presenting import is_upcoming, presenting
from bot.core.usecases.session_refs import session_label
from bot.core.usecases.swap_request import OPTIONS, AnswerSwap, open_request
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class AcceptSwap(AnswerSwap):
    pass


def accept_line(request_id: int) -> str:
    return SPEC.line(AcceptSwap(request_id))


async def accept(cmd: AcceptSwap, ctx: Context, store: Store) -> Notice:
    me = ctx.actor.member
    async with presenting(ctx, store) as (uow, club, now):
        request = await open_request(uow, club, cmd, ctx, now)
        if request.target != me:
            raise Conflict(t("Only the member you asked can accept this swap."))
        theirs = await uow.sessions.get(request.requester_session_id)
        mine = await uow.sessions.get(request.target_session_id)
        still = (
            theirs is not None
            and mine is not None
            and is_upcoming(theirs, now)
            and is_upcoming(mine, now)
            and theirs.presenter == request.requester
            and mine.presenter == me
        )
        if not still or theirs is None or mine is None:
            await uow.swaps.settle(request.id, SwapStatus.WITHDRAWN)
            await uow.commit()
            raise Conflict(
                t("The sessions changed since the request, so nothing was swapped."),
                hint=t("Check /schedule and ask again with /present swap."),
            )
        if not await uow.swaps.settle(request.id, SwapStatus.ACCEPTED):
            raise Conflict(t("That swap request was already answered."))
        await uow.sessions.update(replace(theirs, presenter=me))
        await uow.sessions.update(replace(mine, presenter=request.requester))
        names = await uow.members.display_names([request.requester])
        await uow.commit()
    who = names.get(request.requester) or t("the other member")
    return Notice(
        t(
            "Swapped: {name} presents on {theirs}, {who} on {mine}.",
            name=ctx.actor.display_name,
            theirs=session_label(theirs, club),
            who=who,
            mine=session_label(mine, club),
        ),
        Tone.SUCCESS,
    )


SPEC = CommandSpec(
    "present accept",
    "/present accept [session]",
    "Accept the swap another presenter asked you for.",
    AcceptSwap,
    AcceptSwap.build,
    accept,
    Store,
    private=False,  # the channel saw the request; it sees the answer
    options=OPTIONS,
)
