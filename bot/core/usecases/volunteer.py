"""/present [session]: volunteer to lead the next session without a presenter, or the one named."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Store
from bot.core.commands.options import SessionRef
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.errors import Conflict
from bot.core.text import t
from bot.core.usecases.presenting import SESSION, is_upcoming, presenting, upcoming
from bot.core.usecases.session_refs import resolve_session, session_label
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class Volunteer:
    session: SessionRef | None = None

    @classmethod
    def build(cls, values: Values) -> Volunteer:
        return cls(values.session("session"))


async def execute(cmd: Volunteer, ctx: Context, store: Store) -> Notice:
    me = ctx.actor.member
    async with presenting(ctx, store) as (uow, club, now):
        if cmd.session is not None:
            session = await resolve_session(uow, club, cmd.session, now)
            if not is_upcoming(session, now):
                raise Conflict(t("You can only volunteer for an upcoming session."))
        else:
            free = [s for s in await upcoming(uow, club, now) if s.presenter is None]
            if not free:
                raise Conflict(t("Every upcoming session has a presenter already."))
            session = free[0]
        label = session_label(session, club)
        if session.presenter == me:
            return Notice(t("You're already presenting on {session}.", session=label))
        if session.presenter is not None:
            names = await uow.members.display_names([session.presenter])
            raise Conflict(
                t(
                    "{name} is presenting on {session}.",
                    name=names.get(session.presenter) or t("Someone"),
                    session=label,
                ),
                hint=t("Ask them, then use /present swap."),
            )
        await uow.sessions.update(replace(session, presenter=me))
        await uow.commit()
    return Notice(
        t("Thank you! You're presenting on {session}.", session=label),
        Tone.SUCCESS,
        details=(t("The announcement will name you."),),
    )


SPEC = CommandSpec(
    "present volunteer",
    "/present [session]",
    "Volunteer to lead the next session without a presenter (or the one named).",
    Volunteer,
    Volunteer.build,
    execute,
    Store,
    private=True,
    options=(SESSION,),
    default=True,
)
