"""/present accept and /present decline: the answer to a presenter's swap request.

A button pins its request (`#12`); typed, the command finds the open request addressed to the
member (or naming the session given). The requester may withdraw their own with decline.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Self

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind, OptionSpec, ScheduleNumber, SessionRef
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.clubs import Club
from bot.core.domain.errors import Conflict, NotFound
from bot.core.domain.swaps import SwapRequest, SwapStatus
from bot.core.ports import UnitOfWork
from bot.core.usecases.common import local_date_of, numbered_session, session_label
from bot.core.usecases.presenting import SESSION, is_upcoming, presenting
from bot.core.views import Notice, Tone

REQUEST = OptionSpec(
    "request", "The swap request (set by the bot's buttons)", OptionKind.POLL, hidden=True
)


@dataclass(frozen=True, slots=True)
class AnswerSwap:
    request: int | None = None
    session: SessionRef | None = None

    @classmethod
    def build(cls, values: Values) -> Self:
        return cls(values.integer("request"), values.session("session"))


@dataclass(frozen=True, slots=True)
class AcceptSwap(AnswerSwap):
    pass


@dataclass(frozen=True, slots=True)
class DeclineSwap(AnswerSwap):
    pass


def accept_line(request_id: int) -> str:
    return ACCEPT.line(AcceptSwap(request_id))


def decline_line(request_id: int) -> str:
    return DECLINE.line(DeclineSwap(request_id))


async def _matches(uow: UnitOfWork, club: Club, request: SwapRequest, ref: SessionRef) -> bool:
    for session_id in (request.requester_session_id, request.target_session_id):
        if isinstance(ref, int):
            if ref == session_id:
                return True
            continue
        session = await uow.sessions.get(session_id)
        if session and local_date_of(session.starts_at, club.settings.timezone) == ref:
            return True
    return False


async def _request(
    uow: UnitOfWork, club: Club, cmd: AnswerSwap, ctx: Context, now: datetime
) -> SwapRequest:
    me = ctx.actor.member
    if cmd.request is not None:
        found = await uow.swaps.get(cmd.request)
        if found is None or found.club_id != club.id:
            raise NotFound("There is no such swap request.")
        if found.status != SwapStatus.PENDING:
            raise Conflict(f"That swap request was already {found.status.value}.")
        if not found.open_at(now):
            raise Conflict("That swap request has expired.", hint="Ask again with /present swap.")
        return found
    mine = [
        r
        for r in await uow.swaps.pending(club.id)
        if r.open_at(now) and me in (r.target, r.requester)
    ]
    if cmd.session is not None:
        ref = cmd.session
        if isinstance(ref, ScheduleNumber):  # the number /schedule shows: that session's id
            ref = (await numbered_session(uow, club, ref.number, now)).id
        mine = [r for r in mine if await _matches(uow, club, r, ref)]
    if not mine:
        raise NotFound("No swap request is waiting for you.")
    if len(mine) > 1:
        raise Conflict(
            "More than one swap request is waiting for you.",
            hint="Use the request's buttons, or name a session: /present accept 2026-12-09.",
        )
    return mine[0]


async def accept(cmd: AcceptSwap, ctx: Context, store: Store) -> Notice:
    me = ctx.actor.member
    async with presenting(ctx, store) as (uow, club, now):
        request = await _request(uow, club, cmd, ctx, now)
        if request.target != me:
            raise Conflict("Only the member you asked can accept this swap.")
        theirs = await uow.sessions.get(request.requester_session_id)
        mine = await uow.sessions.get(request.target_session_id)
        still = (
            theirs is not None
            and mine is not None
            and is_upcoming(theirs, now)
            and is_upcoming(mine, now)
            and theirs.presenter == request.requester
            and mine.presenter == me
        )
        if not still or theirs is None or mine is None:
            await uow.swaps.settle(request.id, SwapStatus.WITHDRAWN)
            await uow.commit()
            raise Conflict(
                "The sessions changed since the request, so nothing was swapped.",
                hint="Check /schedule and ask again with /present swap.",
            )
        if not await uow.swaps.settle(request.id, SwapStatus.ACCEPTED):
            raise Conflict("That swap request was already answered.")
        await uow.sessions.update(replace(theirs, presenter=me))
        await uow.sessions.update(replace(mine, presenter=request.requester))
        names = await uow.members.display_names([request.requester])
        await uow.commit()
    who = names.get(request.requester, "the other member")
    return Notice(
        f"Swapped: {ctx.actor.display_name} presents on {session_label(theirs, club)}, "
        f"{who} on {session_label(mine, club)}.",
        Tone.SUCCESS,
    )


async def decline(cmd: DeclineSwap, ctx: Context, store: Store) -> Notice:
    me = ctx.actor.member
    async with presenting(ctx, store) as (uow, club, now):
        request = await _request(uow, club, cmd, ctx, now)
        if me not in (request.target, request.requester):
            raise Conflict("Only the two presenters can answer this swap.")
        withdrawn = me == request.requester
        status = SwapStatus.WITHDRAWN if withdrawn else SwapStatus.DECLINED
        if not await uow.swaps.settle(request.id, status):
            raise Conflict("That swap request was already answered.")
        names = await uow.members.display_names([request.requester])
        await uow.commit()
    if withdrawn:
        return Notice("You withdrew your swap request; nothing changed.")
    who = names.get(request.requester, "the other member")
    return Notice(f"{ctx.actor.display_name} declined {who}'s swap; nothing changed.")


_OPTIONS = (REQUEST, replace(SESSION, description="Either session of the swap (a date)"))

ACCEPT = CommandSpec(
    "present accept",
    "/present accept [session]",
    "Accept the swap another presenter asked you for.",
    AcceptSwap,
    AcceptSwap.build,
    accept,
    Store,
    private=False,  # the channel saw the request; it sees the answer
    options=_OPTIONS,
)

DECLINE = CommandSpec(
    "present decline",
    "/present decline [session]",
    "Decline a swap you were asked for (or withdraw your own request).",
    DeclineSwap,
    DeclineSwap.build,
    decline,
    Store,
    private=False,
    options=_OPTIONS,
)
