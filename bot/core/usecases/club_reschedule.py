"""/club reschedule DATE NEW_DATETIME: move one session; its posts move with it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time

from bot.core.commands.context import Context, Deps
from bot.core.domain.errors import Conflict, InvalidInput
from bot.core.planning.calendar import local_to_utc, parse_local_time, zone_or_error
from bot.core.planning.postplan import sync_posts
from bot.core.usecases.club_sessions import session_on
from bot.core.usecases.common import require_admin, require_club, session_label
from bot.core.views import Notice, Tone

USAGE = (
    "Usage: /club reschedule DATE NEW_DATE NEW_TIME, "
    "e.g. /club reschedule 2026-12-02 2026-12-03 19:00"
)


@dataclass(frozen=True, slots=True)
class RescheduleSession:
    words: tuple[str, ...]


def parse(words: list[str]) -> RescheduleSession:
    # Checked in execute, after the admin check: members learn nothing about the arguments.
    return RescheduleSession(tuple(words))


def _read(words: tuple[str, ...]) -> tuple[str, date, time]:
    # Accept "2026-12-03 19:00" and "2026-12-03T19:00" alike.
    if len(words) == 2 and "T" in words[1]:
        words = (words[0], *words[1].split("T", 1))
    if len(words) != 3:
        raise InvalidInput(USAGE)
    try:
        return words[0], date.fromisoformat(words[1]), parse_local_time(words[2])
    except ValueError as exc:
        raise InvalidInput(f"I can't read the new date and time: {exc}", hint=USAGE) from None


async def execute(cmd: RescheduleSession, ctx: Context, deps: Deps) -> Notice:
    require_admin(ctx, "reschedule a session")
    day, new_day, new_time = _read(cmd.words)
    now = deps.clock.now()
    async with deps.uow() as uow:
        club = await require_club(uow, ctx)
        session = await session_on(uow, club, day, now, deps.plan_weeks)
        zone = zone_or_error(club.settings.timezone)
        # The club's own DST rule applies: a time in a gap moves forward by the gap.
        starts: datetime = local_to_utc(new_day, new_time, zone)
        if starts <= now:
            raise InvalidInput("The new time is in the past.")
        clash = await uow.sessions.between(
            club.id, starts, starts + (session.ends_at - session.starts_at)
        )
        if any(other.id != session.id and other.starts_at == starts for other in clash):
            raise Conflict("Another session already starts then.", hint="Pick another time.")
        before = session_label(session, club)
        moved = replace(session, starts_at=starts)
        await uow.sessions.update(moved)
        await sync_posts(uow, club, now)
        await uow.commit()
    return Notice(f"Moved the session on {before} to {session_label(moved, club)}.", Tone.SUCCESS)
