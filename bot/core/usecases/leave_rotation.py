"""/present optout: leave the presenter rotation."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import NoOptions
from bot.core.text import t
from bot.core.usecases.presenting import presenting
from bot.core.views import Notice


@dataclass(frozen=True, slots=True)
class LeaveRotation(NoOptions):
    pass


async def execute(cmd: LeaveRotation, ctx: Context, store: Store) -> Notice:
    async with presenting(ctx, store) as (uow, club, _):
        removed = await uow.members.leave_pool(club.id, ctx.actor.member)
        await uow.commit()
    return Notice(
        t("You've left the presenter rotation.") if removed else t("You weren't in the rotation.")
    )


SPEC = CommandSpec(
    "present optout",
    "/present optout",
    "Leave the presenter rotation.",
    LeaveRotation,
    LeaveRotation.build,
    execute,
    Store,
    private=True,
)
