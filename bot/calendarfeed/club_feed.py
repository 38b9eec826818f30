"""A club's feed as iCalendar: its upcoming sessions, the paper as each one's title.

Which club and which sessions is the core's to say (bot/core/usecases/calendar_feed.py); this
module only writes them as an .ics body.
"""

from __future__ import annotations

from datetime import datetime

from bot.calendarfeed.ics import CalendarEvent, build_calendar
from bot.core.commands.context import Deps
from bot.core.domain.clubs import Club
from bot.core.domain.sessions import SessionStatus
from bot.core.usecases import calendar_feed
from bot.core.usecases.calendar_feed import Feed


async def feed(deps: Deps, club: Club, now: datetime) -> bytes:
    """The .ics body of `club`'s feed as it stands at `now`."""
    return render(await calendar_feed.for_club(club, deps.store, now))


def render(found: Feed) -> bytes:
    """Skipped sessions stay in the feed as cancelled events, so calendars drop them."""
    club = found.club
    events = []
    for item in found.sessions:
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
    return build_calendar(club.name, club.settings.timezone, events, stamp=found.now)
