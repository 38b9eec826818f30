"""/present [session] | swap SESSION | drop [session] | optin | optout: who leads a session.

Volunteering takes the next session without a presenter (or the one named); swapping trades
your session with another one's presenter; dropping gives your slot back. Members who opt in
to the rotation are handed sessions nobody volunteered for, when the club turns rotation on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.core.commands.context import Context, Deps
from bot.core.domain.clubs import Club
from bot.core.domain.errors import Conflict, InvalidInput
from bot.core.domain.ids import MemberKey
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.ports import UnitOfWork
from bot.core.usecases.common import require_club, resolve_session, session_label
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class PresentCommand:
    action: str = "volunteer"  # volunteer, swap, drop, optin, optout
    session: str | None = None


def parse(words: list[str]) -> PresentCommand:
    if words and words[0].casefold() in {"optin", "optout"}:
        if len(words) > 1:
            raise InvalidInput(f"/present {words[0].casefold()} takes no arguments.")
        return PresentCommand(words[0].casefold())
    if words and words[0].casefold() == "volunteer":
        words = words[1:]
    if words and words[0].casefold() in {"swap", "drop"}:
        if words[0].casefold() == "swap" and len(words) != 2:
            raise InvalidInput("Usage: /present swap SESSION (a date like 2026-12-09, or an id)")
        if len(words) > 2:
            raise InvalidInput("Usage: /present drop [session]")
        return PresentCommand(words[0].casefold(), words[1] if len(words) == 2 else None)
    if len(words) > 1:
        raise InvalidInput("Usage: /present [session]")
    return PresentCommand("volunteer", words[0] if words else None)


async def execute(cmd: PresentCommand, ctx: Context, deps: Deps) -> Notice:
    now = deps.clock.now()
    me = ctx.actor.member
    async with deps.uow() as uow:
        club = await require_club(uow, ctx)
        await planning.refresh(uow, club, now, deps.plan_weeks)
        await uow.members.ensure(me, ctx.actor.display_name, now)
        upcoming = [
            s
            for s in await uow.sessions.between(club.id, now, limit=40)
            if s.status == SessionStatus.PLANNED and s.starts_at > now
        ]
        mine = [s for s in upcoming if s.presenter == me]

        def label(session: Session) -> str:
            return session_label(session, club)

        if cmd.action in {"optin", "optout"}:
            return await _rotation(uow, club, cmd.action == "optin", me, now)

        if cmd.action == "drop":
            session = (
                await resolve_session(uow, club, cmd.session, now)
                if cmd.session
                else (mine[0] if mine else None)
            )
            if session is None or session.presenter != me:
                raise Conflict("You aren't presenting that session.")
            await uow.sessions.update(replace(session, presenter=None))
            await uow.commit()
            return Notice(f"You're no longer presenting on {label(session)}.")

        if cmd.action == "swap":
            if not mine:
                raise Conflict(
                    "You have no session to swap.", hint="Volunteer first with /present."
                )
            theirs = await resolve_session(uow, club, cmd.session, now)
            if theirs.starts_at <= now or theirs.status != SessionStatus.PLANNED:
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
                f"Swapped: you present on {label(theirs)}; {label(ours)} goes to {whom}.",
                Tone.SUCCESS,
            )

        if cmd.session is not None:
            session = await resolve_session(uow, club, cmd.session, now)
            if session.starts_at <= now or session.status != SessionStatus.PLANNED:
                raise Conflict("You can only volunteer for an upcoming session.")
        else:
            free = [s for s in upcoming if s.presenter is None]
            if not free:
                raise Conflict("Every upcoming session has a presenter already.")
            session = free[0]
        if session.presenter == me:
            return Notice(f"You're already presenting on {label(session)}.")
        if session.presenter is not None:
            names = await uow.members.display_names([session.presenter])
            raise Conflict(
                f"{names.get(session.presenter, 'Someone')} is presenting on {label(session)}.",
                hint="Ask them, then use /present swap.",
            )
        await uow.sessions.update(replace(session, presenter=me))
        await uow.commit()
    return Notice(
        f"Thank you! You're presenting on {label(session)}.",
        Tone.SUCCESS,
        details=("The announcement will name you.",),
    )


async def _rotation(
    uow: UnitOfWork, club: Club, join: bool, me: MemberKey, now: datetime
) -> Notice:
    if join:
        added = await uow.members.join_pool(club.id, me, now)
        await uow.commit()
        text = "You're in the presenter rotation." if added else "You're already in the rotation."
        note = (
            "When nobody volunteers, a session goes to whoever in the rotation presented least."
            if club.settings.presenter_rotation
            else "The rotation is off in this club; an admin can turn it on."
        )
        return Notice(text, Tone.SUCCESS if added else Tone.INFO, details=(note,))
    removed = await uow.members.leave_pool(club.id, me)
    await uow.commit()
    return Notice(
        "You've left the presenter rotation." if removed else "You weren't in the rotation."
    )
