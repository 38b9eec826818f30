"""/present swap SESSION: trade your session with that session's presenter (or take it)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Store
from bot.core.commands.options import SessionRef
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.errors import Conflict
from bot.core.usecases.common import resolve_session, session_label
from bot.core.usecases.presenting import SESSION, is_upcoming, presenting, upcoming
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class SwapPresenter:
    session: SessionRef  # the session to take; its presenter gets yours

    @classmethod
    def build(cls, values: Values) -> SwapPresenter:
        return cls(values.required_session("session"))


async def execute(cmd: SwapPresenter, ctx: Context, store: Store) -> Notice:
    me = ctx.actor.member
    async with presenting(ctx, store) as (uow, club, now):
        mine = [s for s in await upcoming(uow, club, now) if s.presenter == me]
        if not mine:
            raise Conflict("You have no session to swap.", hint="Volunteer first with /present.")
        theirs = await resolve_session(uow, club, cmd.session, now)
        if not is_upcoming(theirs, now):
            raise Conflict("You can only swap with an upcoming session.")
        ours = mine[0]
        if theirs.id == ours.id:
            raise Conflict("That's already your session.")
        other = theirs.presenter
        await uow.sessions.update(replace(ours, presenter=other))
        await uow.sessions.update(replace(theirs, presenter=me))
        names = await uow.members.display_names([other] if other else [])
        await uow.commit()
    whom = names.get(other, "nobody") if other else "nobody"
    return Notice(
        f"Swapped: you present on {session_label(theirs, club)}; "
        f"{session_label(ours, club)} goes to {whom}.",
        Tone.SUCCESS,
    )


SPEC = CommandSpec(
    "present swap",
    "/present swap SESSION",
    "Trade your session with another session's presenter.",
    SwapPresenter,
    SwapPresenter.build,
    execute,
    Store,
    private=True,
    options=(replace(SESSION, required=True),),
)
