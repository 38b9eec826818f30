"""/present assign SESSION MEMBER: an admin makes a member the presenter of any upcoming session
(the replaced presenter is named in the reply)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Store
from bot.core.commands.options import SessionRef
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values, required
from bot.core.domain.errors import Conflict
from bot.core.text import t
from bot.core.usecases.presenter_admin import MEMBER, find_member, withdraw_swaps
from bot.core.usecases.presenting import SESSION, is_upcoming, presenting
from bot.core.usecases.session_refs import resolve_session, session_label
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class AssignPresenter:
    session: SessionRef
    member: str

    @classmethod
    def build(cls, values: Values) -> AssignPresenter:
        return cls(values.required_session("session"), required(values.text("member"), "member"))


async def assign(cmd: AssignPresenter, ctx: Context, store: Store) -> Notice:
    async with presenting(ctx, store) as (uow, club, now):
        session = await resolve_session(uow, club, cmd.session, now)
        if not is_upcoming(session, now):
            raise Conflict(t("You can only assign a presenter to an upcoming session."))
        member, name = await find_member(uow, ctx, cmd.member)
        label = session_label(session, club)
        if session.presenter == member:
            return Notice(t("{name} already presents on {session}.", name=name, session=label))
        before = session.presenter
        names = await uow.members.display_names([before] if before else [])
        await uow.sessions.update(replace(session, presenter=member))
        await withdraw_swaps(uow, club.id, session.id)
        await uow.commit()
    details: tuple[str, ...] = ()
    if before is not None:
        gone = names.get(before)
        details = (
            t("{name} no longer presents it.", name=gone)
            if gone
            else t("The previous presenter no longer presents it."),
        )
    presents = t("{name} presents on {session}.", name=name, session=label)
    return Notice(presents, Tone.SUCCESS, details=details)


SPEC = CommandSpec(
    "present assign",
    "/present assign SESSION MEMBER",
    "Make a member the presenter of a session.",
    AssignPresenter,
    AssignPresenter.build,
    assign,
    Store,
    admin=True,
    options=(replace(SESSION, required=True), MEMBER),
)
