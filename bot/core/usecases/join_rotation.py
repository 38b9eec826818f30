"""/present optin: join the presenter rotation. When the club turns rotation on, sessions nobody
volunteered for go to whoever in the rotation presented least."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import NoOptions
from bot.core.text import t
from bot.core.usecases.presenting import presenting
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class JoinRotation(NoOptions):
    pass


async def execute(cmd: JoinRotation, ctx: Context, store: Store) -> Notice:
    me = ctx.actor.member
    async with presenting(ctx, store) as (uow, club, now):
        added = await uow.members.join_pool(club.id, me, now)
        await uow.commit()
    text = t("You're in the presenter rotation.") if added else t("You're already in the rotation.")
    note = (
        t("When nobody volunteers, a session goes to whoever in the rotation presented least.")
        if club.settings.presenter_rotation
        else t("The rotation is off in this club; an admin can turn it on.")
    )
    return Notice(text, Tone.SUCCESS if added else Tone.INFO, details=(note,))


SPEC = CommandSpec(
    "present optin",
    "/present optin",
    "Join the presenter rotation.",
    JoinRotation,
    JoinRotation.build,
    execute,
    Store,
    private=True,
)
