"""/present assign SESSION MEMBER and /present clear SESSION: an admin sets or removes the
presenter of any upcoming session (the replaced presenter is named in the reply)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionSpec, SessionRef
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values, required
from bot.core.domain.errors import Conflict, InvalidInput, NotFound
from bot.core.domain.ids import MemberKey
from bot.core.domain.swaps import SwapStatus
from bot.core.ports import UnitOfWork
from bot.core.usecases.common import resolve_session, session_label
from bot.core.usecases.presenting import SESSION, is_upcoming, presenting
from bot.core.views import Notice, Tone

# A mention as the platforms write it in text: Discord <@123> or <@!123>, Slack <@U123|name>.
_MENTION = re.compile(r"<@!?([A-Za-z0-9]{1,32})(?:\|[^>]{0,80})?>")
MEMBER = OptionSpec(
    "member", "The member: a mention or the name they show", required=True, rest=True
)


@dataclass(frozen=True, slots=True)
class AssignPresenter:
    session: SessionRef
    member: str

    @classmethod
    def build(cls, values: Values) -> AssignPresenter:
        return cls(values.required_session("session"), required(values.text("member"), "member"))


@dataclass(frozen=True, slots=True)
class ClearPresenter:
    session: SessionRef

    @classmethod
    def build(cls, values: Values) -> ClearPresenter:
        return cls(values.required_session("session"))


async def find_member(uow: UnitOfWork, ctx: Context, text: str) -> tuple[MemberKey, str]:
    """The member `text` names (a mention, or a name the bot has seen), and their name."""
    text = text.strip()[:100]
    me = ctx.actor.member
    mention = _MENTION.fullmatch(text)
    if mention:
        member = MemberKey(me.platform, me.workspace_id, mention.group(1))
        names = await uow.members.display_names([member])
        return member, names.get(member, "that member")
    name = text.removeprefix("@").strip()
    if not name:
        raise InvalidInput("Name the member: a mention or the name they show.")
    found = await uow.members.named(me.platform, me.workspace_id, name)
    if not found:
        raise NotFound(
            f"I don't know a member called {name!r} here.",
            hint="Mention them, or ask them to use any club command once.",
        )
    if len(found) > 1:
        raise Conflict(f"More than one member is called {name!r}.", hint="Mention them instead.")
    names = await uow.members.display_names(found)
    return found[0], names.get(found[0], name)


async def _withdraw_swaps(uow: UnitOfWork, club_id: int, session_id: int) -> None:
    # A request about a session whose presenter an admin changed can no longer be kept.
    for request in await uow.swaps.pending(club_id):
        if session_id in (request.requester_session_id, request.target_session_id):
            await uow.swaps.settle(request.id, SwapStatus.WITHDRAWN)


async def assign(cmd: AssignPresenter, ctx: Context, store: Store) -> Notice:
    async with presenting(ctx, store) as (uow, club, now):
        session = await resolve_session(uow, club, cmd.session, now)
        if not is_upcoming(session, now):
            raise Conflict("You can only assign a presenter to an upcoming session.")
        member, name = await find_member(uow, ctx, cmd.member)
        label = session_label(session, club)
        if session.presenter == member:
            return Notice(f"{name} already presents on {label}.")
        before = session.presenter
        names = await uow.members.display_names([before] if before else [])
        await uow.sessions.update(replace(session, presenter=member))
        await _withdraw_swaps(uow, club.id, session.id)
        await uow.commit()
    details: tuple[str, ...] = ()
    if before is not None:
        details = (f"{names.get(before, 'The previous presenter')} no longer presents it.",)
    return Notice(f"{name} presents on {label}.", Tone.SUCCESS, details=details)


async def clear(cmd: ClearPresenter, ctx: Context, store: Store) -> Notice:
    async with presenting(ctx, store) as (uow, club, now):
        session = await resolve_session(uow, club, cmd.session, now)
        label = session_label(session, club)
        if not is_upcoming(session, now):
            raise Conflict("You can only change the presenter of an upcoming session.")
        if session.presenter is None:
            return Notice(f"Nobody presents on {label} yet.")
        names = await uow.members.display_names([session.presenter])
        await uow.sessions.update(replace(session, presenter=None))
        await _withdraw_swaps(uow, club.id, session.id)
        await uow.commit()
    who = names.get(session.presenter, "The presenter")
    return Notice(
        f"{who} no longer presents on {label}; it has no presenter now.",
        Tone.SUCCESS,
        details=("A member can volunteer with /present.",),
    )


ASSIGN = CommandSpec(
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

CLEAR = CommandSpec(
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
