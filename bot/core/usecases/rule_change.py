"""What /club set and /club setup say after a new weekly rule re-planned the sessions."""

from __future__ import annotations

from datetime import datetime

from bot.core.domain.clubs import Club
from bot.core.planning.calendar import format_local
from bot.core.planning.replanning import replan_rule
from bot.core.ports import UnitOfWork
from bot.core.wording import join_names, plural

LISTED = 4


async def apply_rule(uow: UnitOfWork, club: Club, now: datetime, weeks: int) -> tuple[str, ...]:
    """Re-plan the club's sessions on its current rule; the lines that say what changed."""
    done = await replan_rule(uow, club, now, weeks)
    zone = club.settings.timezone
    lines: list[str] = []
    if done.moved:
        moves = [
            f"{format_local(old.starts_at, zone)} → {format_local(new.starts_at, zone)}"
            for old, new in done.moved[:LISTED]
        ]
        more = len(done.moved) - LISTED
        lines.append(
            f"{plural(len(done.moved), 'session')} moved to the new rule, "
            "each with its paper and presenter: "
            + "; ".join(moves)
            + (f"; and {more} more" if more > 0 else "")
            + "."
        )
    elif not club.settings.paused:
        lines.append("No upcoming session needed to move.")
    if done.kept:
        days = join_names([format_local(s.starts_at, zone) for s in done.kept])
        was = "was" if len(done.kept) == 1 else "were"
        lines.append(
            f"{days} {was} already announced and {'stays' if len(done.kept) == 1 else 'stay'} "
            "as announced; /club reschedule moves one, with a correction to the channel."
        )
    if done.vote_closes is not None:
        closes = format_local(done.vote_closes, zone)
        lines.append(f"The open vote's session moved, so it now closes {closes}.")
    return tuple(lines)
