"""/present clear SESSION: an admin removes the presenter of an upcoming session."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Store
from bot.core.commands.options import SessionRef
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.errors import Conflict
from bot.core.text import t
from bot.core.usecases.presenter_admin import withdraw_swaps
from bot.core.usecases.presenting import SESSION, is_upcoming, presenting
from bot.core.usecases.session_refs import resolve_session, session_label
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class ClearPresenter:
    session: SessionRef

    @classmethod
    def build(cls, values: Values) -> ClearPresenter:
        return cls(values.required_session("session"))


async def clear(cmd: ClearPresenter, ctx: Context, store: Store) -> Notice:
    async with presenting(ctx, store) as (uow, club, now):
        session = await resolve_session(uow, club, cmd.session, now)
        label = session_label(session, club)
        if not is_upcoming(session, now):
            raise Conflict(t("You can only change the presenter of an upcoming session."))
        if session.presenter is None:
            return Notice(t("Nobody presents on {session} yet.", session=label))
        names = await uow.members.display_names([session.presenter])
        await uow.sessions.update(replace(session, presenter=None))
        await withdraw_swaps(uow, club.id, session.id)
        await uow.commit()
    who = names.get(session.presenter)
    cleared = (
        t(
            "{name} no longer presents on {session}; it has no presenter now.",
            name=who,
            session=label,
        )
        if who
        else t(
            "The presenter no longer presents on {session}; it has no presenter now.", session=label
        )
    )
    return Notice(cleared, Tone.SUCCESS, details=(t("A member can volunteer with /present."),))


SPEC = CommandSpec(
    "present clear",
    "/present clear SESSION",
    "Remove the presenter of a session.",
    ClearPresenter,
    ClearPresenter.build,
    clear,
    Store,
    admin=True,
    options=(replace(SESSION, required=True),),
)
