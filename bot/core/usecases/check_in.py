"""/attend [session]: check in while a session is on, from its start to its end plus a grace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind, OptionSpec, SessionRef
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.attendance import CheckIn
from bot.core.domain.errors import Conflict
from bot.core.domain.sessions import SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.text import t
from bot.core.usecases.club_access import require_club
from bot.core.usecases.session_refs import resolve_session, session_label
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class Attend:
    session: SessionRef | None = None
    source: str = "command"  # or "voice": present in the club's voice channel

    @classmethod
    def build(cls, values: Values) -> Attend:
        return cls(values.session("session"))


async def execute(cmd: Attend, ctx: Context, store: Store) -> Notice:
    now = store.clock.now()
    async with store.uow() as uow:
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
            await planning.refresh(uow, club, now, store.plan_weeks)
            upcoming = await resolve_session(uow, club, None, now)
            await uow.commit()
            raise Conflict(
                t("Check-in is open only during a session."),
                hint=t("The next one starts {when}.", when=session_label(upcoming, club)),
            )
        session = open_now[0]
        await uow.members.ensure(ctx.actor.member, ctx.actor.display_name, now)
        first_time = await uow.attendance.check_in(
            CheckIn(session.id, ctx.actor.member, now, cmd.source)
        )
        present = len(await uow.attendance.check_ins(session.id))
        await uow.commit()
    if not first_time:
        here = t("{count} here so far.", count=present)
        return Notice(t("You're already checked in. 👍"), details=(here,))
    return Notice(
        t("Welcome, {name}! You're checked in.", name=ctx.actor.display_name),
        Tone.SUCCESS,
        details=(t("{count} here so far.", count=present),),
    )


SPEC = CommandSpec(
    "attend",
    "/attend",
    "Check in to the session that is on now.",
    Attend,
    Attend.build,
    execute,
    Store,
    private=True,
    options=(OptionSpec("session", "Its number in /schedule (optional)", OptionKind.SESSION),),
)
