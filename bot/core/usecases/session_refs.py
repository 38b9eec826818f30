"""The session a member means (the next, an id, a date, or its /schedule number) and how a
session's time is said in its club's zone."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.commands.options import ScheduleNumber, SessionRef
from bot.core.domain.clubs import Club
from bot.core.domain.errors import NotFound
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning.calendar import format_local
from bot.core.ports import UnitOfWork
from bot.core.text import Moment, t
from bot.core.wording import format_day


def local_date_of(instant: datetime, zone: str) -> date:
    return instant.astimezone(ZoneInfo(zone)).date()


async def resolve_session(
    uow: UnitOfWork,
    club: Club,
    ref: SessionRef | None,
    now: datetime,
    *,
    upcoming_only: bool = True,
) -> Session:
    """The session a member means: the next one by default, else by id or local date."""
    if ref is None:
        for session in await uow.sessions.between(club.id, now, limit=20):
            if session.status == SessionStatus.PLANNED:
                return session
        raise NotFound(t("No session is planned yet."), hint=t("Check /schedule."))
    if isinstance(ref, ScheduleNumber):
        return await numbered_session(uow, club, ref.number, now)
    if isinstance(ref, int):
        found = await uow.sessions.get(ref)
        if found is None or found.club_id != club.id:
            raise NotFound(
                t("This club has no session #{ref}.", ref=ref), hint=t("Check /schedule.")
            )
        return found
    window_start = now - timedelta(days=400) if not upcoming_only else now
    for session in await uow.sessions.between(club.id, window_start, limit=200):
        if local_date_of(session.starts_at, club.settings.timezone) == ref:
            return session
    raise NotFound(
        t("There is no session on {day}.", day=format_day(ref)), hint=t("Check /schedule.")
    )


async def numbered_session(uow: UnitOfWork, club: Club, number: int, now: datetime) -> Session:
    """The session /schedule shows as `number`: the sessions not yet over, from 1."""
    listed = await uow.sessions.between(club.id, now, limit=max(number, 1))
    if not 1 <= number <= len(listed):
        said = (
            t(
                "/schedule has no session {number}; its sessions are numbered 1 to {last}.",
                number=number,
                last=len(listed),
            )
            if listed
            else t("/schedule has no session {number}; none is planned yet.", number=number)
        )
        raise NotFound(
            said,
            hint=t("See the numbers with /schedule, or name the session by its date."),
        )
    return listed[number - 1]


def session_label(session: Session, club: Club) -> Moment:
    """When `session` starts, on the club's clock: said in the club's locale where rendered
    (a `Moment`, never an English string built here)."""
    return format_local(session.starts_at, club.settings.timezone)
