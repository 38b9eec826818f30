"""The swap request a presenter's accept or decline answers (shared by both commands).

A button pins its request (`#12`); typed, the command finds the open request addressed to the
member (or naming the session given).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Self

from bot.core.commands.context import Context
from bot.core.commands.options import OptionKind, OptionSpec, ScheduleNumber, SessionRef
from bot.core.commands.values import Values
from bot.core.domain.clubs import Club
from bot.core.domain.errors import Conflict, NotFound
from bot.core.domain.swaps import SwapRequest, SwapStatus
from bot.core.ports import UnitOfWork
from bot.core.text import t
from bot.core.usecases.presenting import SESSION
from bot.core.usecases.session_refs import local_date_of, numbered_session

REQUEST = OptionSpec(
    "request", "The swap request (set by the bot's buttons)", OptionKind.POLL, hidden=True
)
# A settled request, said whole in each status (each a literal message for the catalog).
_ANSWERED = {
    SwapStatus.ACCEPTED: lambda: t("That swap request was already accepted."),
    SwapStatus.DECLINED: lambda: t("That swap request was already declined."),
    SwapStatus.WITHDRAWN: lambda: t("That swap request was already withdrawn."),
}
OPTIONS = (REQUEST, replace(SESSION, description="Either session of the swap (a date)"))


@dataclass(frozen=True, slots=True)
class AnswerSwap:
    request: int | None = None
    session: SessionRef | None = None

    @classmethod
    def build(cls, values: Values) -> Self:
        return cls(values.integer("request"), values.session("session"))


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


async def open_request(
    uow: UnitOfWork, club: Club, cmd: AnswerSwap, ctx: Context, now: datetime
) -> SwapRequest:
    """The pending, unexpired request this answer is about; refused when none or several."""
    me = ctx.actor.member
    if cmd.request is not None:
        found = await uow.swaps.get(cmd.request)
        if found is None or found.club_id != club.id:
            raise NotFound(t("There is no such swap request."))
        if found.status != SwapStatus.PENDING:
            raise Conflict(_ANSWERED[found.status]())
        if not found.open_at(now):
            raise Conflict(
                t("That swap request has expired."), hint=t("Ask again with /present swap.")
            )
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
        raise NotFound(t("No swap request is waiting for you."))
    if len(mine) > 1:
        raise Conflict(
            t("More than one swap request is waiting for you."),
            hint=t("Use the request's buttons, or name a session: /present accept 2026-12-09."),
        )
    return mine[0]
