"""A club's feed: its upcoming sessions as iCalendar, found by club or by its secret token."""

from __future__ import annotations

import secrets
from datetime import datetime

from bot.calendarfeed.ics import CalendarEvent, build_calendar
from bot.core.commands.context import Deps
from bot.core.domain.clubs import Club
from bot.core.domain.ids import ClubKey
from bot.core.domain.sessions import SessionStatus
from bot.core.planning import sessionplan as planning

MAX_EVENTS = 52


async def club_by_token(deps: Deps, token: str) -> Club | None:
    """The club whose calendar token this is; compared in constant time, so response timing
    does not reveal how much of a guessed token was right."""
    if not token:
        return None
    async with deps.uow() as uow:
        clubs = await uow.clubs.all()
    found = None
    for club in clubs:
        if club.calendar_token and secrets.compare_digest(club.calendar_token, token):
            found = club
    return found


async def club_by_key(deps: Deps, key: ClubKey) -> Club | None:
    async with deps.uow() as uow:
        return await uow.clubs.get(key)


async def feed(deps: Deps, club: Club, now: datetime) -> bytes:
    """The club's upcoming sessions (skipped ones as cancelled events), paper as the title."""
    async with deps.uow() as uow:
        planned = await planning.upcoming(uow, club, now, limit=MAX_EVENTS)
    events = []
    for item in planned:
        session, paper = item.session, item.paper
        skipped = session.status == SessionStatus.SKIPPED
        title = paper.title if paper else f"{club.name}: paper to be decided"
        description = paper.summary_for(club.settings.language) if paper else ""
        events.append(
            CalendarEvent(
                # Stable per session, so a moved session updates the same calendar entry.
                uid=f"session-{session.id}@paperclub.{club.key.platform}.{club.id}",
                start_utc=session.starts_at,
                duration_minutes=session.duration_minutes,
                title=f"No session (skipped): {club.name}" if skipped else title,
                description=description,
                url=paper.url if paper else None,
                status="CANCELLED" if skipped else "CONFIRMED",
            )
        )
    return build_calendar(club.name, club.settings.timezone, events, stamp=now)
