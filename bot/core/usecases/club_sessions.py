"""Finding the session an admin command names, planning further ahead if it needs to."""

from __future__ import annotations

from datetime import date, datetime

from bot.core.commands.options import ScheduleNumber, SessionRef
from bot.core.domain.clubs import Club
from bot.core.domain.errors import InvalidInput
from bot.core.domain.sessions import Session
from bot.core.planning import sessionplan as planning
from bot.core.ports import UnitOfWork
from bot.core.text import t
from bot.core.usecases.session_refs import resolve_session
from bot.core.wording import format_day

MAX_WEEKS_AHEAD = 52


async def session_on(
    uow: UnitOfWork, club: Club, ref: SessionRef, now: datetime, plan_weeks: int
) -> Session:
    """The upcoming session on a local date or with an id; not one in the past."""
    weeks = 0
    if isinstance(ref, date):
        weeks = (ref - now.date()).days // 7 + 1
        if weeks > MAX_WEEKS_AHEAD:
            raise InvalidInput(t("{day} is more than a year away.", day=format_day(ref)))
    elif isinstance(ref, ScheduleNumber):
        weeks = ref.number * club.settings.cadence_weeks + 1
        if weeks > MAX_WEEKS_AHEAD:
            raise InvalidInput(t("Session {number} is more than a year away.", number=ref.number))
    if weeks > plan_weeks:
        await planning.ensure_planned(uow, club, now, weeks)
    session = await resolve_session(uow, club, ref, now)
    if session.starts_at <= now:
        raise InvalidInput(t("That session has already started; only future ones can change."))
    return session
