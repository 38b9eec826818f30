"""What /club set and /club setup say after a new weekly rule re-planned the sessions."""

from __future__ import annotations

from datetime import datetime

from bot.core.domain.clubs import Club
from bot.core.planning.calendar import format_local
from bot.core.planning.replanning import replan_rule
from bot.core.ports import UnitOfWork
from bot.core.text import t, tn
from bot.core.wording import join_names

LISTED = 4


async def apply_rule(uow: UnitOfWork, club: Club, now: datetime, weeks: int) -> tuple[str, ...]:
    """Re-plan the club's sessions on its current rule; the lines that say what changed."""
    done = await replan_rule(uow, club, now, weeks)
    zone = club.settings.timezone
    lines: list[str] = []
    if done.moved:
        said = [
            t(
                "{before} → {after}",
                before=format_local(old.starts_at, zone),
                after=format_local(new.starts_at, zone),
            )
            for old, new in done.moved[:LISTED]
        ]
        more = len(done.moved) - LISTED
        if more > 0:
            said.append(t("and {more} more", more=more))
        moves = said[0]
        for move in said[1:]:
            moves = t("{earlier}; {later}", earlier=moves, later=move)
        lines.append(
            tn(
                "{n} session moved to the new rule, with its paper and presenter: {moves}.",
                "{n} sessions moved to the new rule, each with its paper and presenter: {moves}.",
                len(done.moved),
                moves=moves,
            )
        )
    elif not club.settings.paused:
        lines.append(t("No upcoming session needed to move."))
    if done.kept:
        days = join_names([format_local(s.starts_at, zone) for s in done.kept])
        lines.append(
            tn(
                "{days} was already announced and stays as announced; /club reschedule moves "
                "one, with a correction to the channel.",
                "{days} were already announced and stay as announced; /club reschedule moves "
                "one, with a correction to the channel.",
                len(done.kept),
                days=days,
            )
        )
    if done.vote_closes is not None:
        closes = format_local(done.vote_closes, zone)
        lines.append(t("The open vote's session moved, so it now closes {closes}.", closes=closes))
    return tuple(lines)
