"""/present drop [session]: give back your slot (your next one, or the one named)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Store
from bot.core.commands.options import SessionRef
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.errors import Conflict
from bot.core.domain.sessions import Session
from bot.core.text import t
from bot.core.usecases.presenting import SESSION, presenting, upcoming
from bot.core.usecases.session_refs import resolve_session, session_label
from bot.core.views import Notice


@dataclass(frozen=True, slots=True)
class DropPresentation:
    session: SessionRef | None = None

    @classmethod
    def build(cls, values: Values) -> DropPresentation:
        return cls(values.session("session"))


async def execute(cmd: DropPresentation, ctx: Context, store: Store) -> Notice:
    me = ctx.actor.member
    async with presenting(ctx, store) as (uow, club, now):
        session: Session | None
        if cmd.session is not None:
            session = await resolve_session(uow, club, cmd.session, now)
        else:
            session = next((s for s in await upcoming(uow, club, now) if s.presenter == me), None)
        if session is None or session.presenter != me:
            raise Conflict(t("You aren't presenting that session."))
        await uow.sessions.update(replace(session, presenter=None))
        await uow.commit()
    return Notice(
        t("You're no longer presenting on {session}.", session=session_label(session, club))
    )


SPEC = CommandSpec(
    "present drop",
    "/present drop [session]",
    "Give back your presenter slot.",
    DropPresentation,
    DropPresentation.build,
    execute,
    Store,
    private=True,
    options=(SESSION,),
)
