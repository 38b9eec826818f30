"""/attend [session]: check in while a session is on, from its start to its end plus a grace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.core.commands.context import Context, Deps
from bot.core.domain.attendance import CheckIn
from bot.core.domain.errors import Conflict, InvalidInput
from bot.core.domain.sessions import SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.usecases.common import require_club, resolve_session, session_label
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class CheckInCommand:
    session: str | None = None
    source: str = "command"


def parse(words: list[str]) -> CheckInCommand:
    if len(words) > 1:
        raise InvalidInput("Usage: /attend [session id]")
    return CheckInCommand(words[0] if words else None)


async def execute(cmd: CheckInCommand, ctx: Context, deps: Deps) -> Notice:
    now = deps.clock.now()
    async with deps.uow() as uow:
        club = await require_club(uow, ctx)
        grace = timedelta(minutes=club.settings.checkin_grace_minutes)
        if cmd.session is not None:
            session = await resolve_session(uow, club, cmd.session, now, upcoming_only=False)
            candidates = [session]
        else:
            # Sessions still within their grace period count as "on".
            candidates = await uow.sessions.between(club.id, now - grace, limit=3)
        open_now = [
            s
            for s in candidates
            if s.status != SessionStatus.SKIPPED and s.starts_at <= now <= s.ends_at + grace
        ]
        if not open_now:
            await planning.refresh(uow, club, now, deps.plan_weeks)
            upcoming = await resolve_session(uow, club, None, now)
            await uow.commit()
            raise Conflict(
                "Check-in is open only during a session.",
                hint=f"The next one starts {session_label(upcoming, club)}.",
            )
        session = open_now[0]
        await uow.members.ensure(ctx.actor.member, ctx.actor.display_name, now)
        first_time = await uow.attendance.check_in(
            CheckIn(session.id, ctx.actor.member, now, cmd.source)
        )
        present = len(await uow.attendance.check_ins(session.id))
        await uow.commit()
    if not first_time:
        return Notice("You're already checked in. 👍", details=(f"{present} here so far.",))
    return Notice(
        f"Welcome, {ctx.actor.display_name}! You're checked in.",
        Tone.SUCCESS,
        details=(f"{present} here so far.",),
    )
