"""/present decline: the member asked turns the swap down, or the requester withdraws it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.spec import CommandSpec
from bot.core.domain.errors import Conflict
from bot.core.domain.swaps import SwapStatus
from bot.core.text import t
from bot.core.usecases.presenting import presenting
from bot.core.usecases.swap_request import OPTIONS, AnswerSwap, open_request
from bot.core.views import Notice


@dataclass(frozen=True, slots=True)
class DeclineSwap(AnswerSwap):
    pass


def decline_line(request_id: int) -> str:
    return SPEC.line(DeclineSwap(request_id))


async def decline(cmd: DeclineSwap, ctx: Context, store: Store) -> Notice:
    me = ctx.actor.member
    async with presenting(ctx, store) as (uow, club, now):
        request = await open_request(uow, club, cmd, ctx, now)
        if me not in (request.target, request.requester):
            raise Conflict(t("Only the two presenters can answer this swap."))
        withdrawn = me == request.requester
        status = SwapStatus.WITHDRAWN if withdrawn else SwapStatus.DECLINED
        if not await uow.swaps.settle(request.id, status):
            raise Conflict(t("That swap request was already answered."))
        names = await uow.members.display_names([request.requester])
        await uow.commit()
    if withdrawn:
        return Notice(t("You withdrew your swap request; nothing changed."))
    who = names.get(request.requester) or t("the other member")
    return Notice(
        t("{name} declined {who}'s swap; nothing changed.", name=ctx.actor.display_name, who=who)
    )


SPEC = CommandSpec(
    "present decline",
    "/present decline [session]",
    "Decline a swap you were asked for (or withdraw your own request).",
    DeclineSwap,
    DeclineSwap.build,
    decline,
    Store,
    private=False,
    options=OPTIONS,
)
