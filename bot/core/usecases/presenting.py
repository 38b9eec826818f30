"""What the /present commands share: the session option, the club's upcoming sessions, and
the start of each: the sessions planned ahead and the member known."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.domain.clubs import Club
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.ports import UnitOfWork
from bot.core.usecases.club_access import require_club

SESSION = OptionSpec("session", "A session date (2026-12-02) or id", OptionKind.SESSION)


async def upcoming(uow: UnitOfWork, club: Club, now: datetime) -> list[Session]:
    """The planned sessions still to come, soonest first."""
    return [
        s
        for s in await uow.sessions.between(club.id, now, limit=40)
        if s.status == SessionStatus.PLANNED and s.starts_at > now
    ]


def is_upcoming(session: Session, now: datetime) -> bool:
    return session.starts_at > now and session.status == SessionStatus.PLANNED


@asynccontextmanager
async def presenting(
    ctx: Context, store: Store
) -> AsyncIterator[tuple[UnitOfWork, Club, datetime]]:
    """A unit of work on the member's club with its sessions planned ahead and the member
    known; the caller commits what it changes."""
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        await planning.refresh(uow, club, now, store.plan_weeks)
        await uow.members.ensure(ctx.actor.member, ctx.actor.display_name, now)
        yield uow, club, now
