"""Keep every club's sessions and posts planned ahead; run at start and after each tick.

Each club carries a watermark: the next instant time alone changes its plan
(`planning.next_plan_due`). Any write that changes a club's plan (a session, a poll, its
settings) clears the watermark in the same transaction. So a tick plans only the clubs that
changed or whose watermark has passed, and a start-up with 10,000 quiet clubs reads one index.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime

from bot.core.commands.context import Deps
from bot.core.domain.ids import Platform
from bot.core.planning import sessionplan as planning
from bot.core.planning.eventplan import sync_mirrors
from bot.core.planning.postplan import sync_posts
from bot.core.ports import PlanTicket

log = logging.getLogger(__name__)


async def plan_club(
    deps: Deps, ticket: PlanTicket, now: datetime, mirrors: Collection[Platform] = frozenset()
) -> None:
    async with deps.uow() as uow:
        club = await uow.clubs.get_by_id(ticket.club_id)
        if club is None:
            return
        await planning.refresh(uow, club, now, deps.plan_weeks)
        await sync_posts(uow, club, now)
        if club.key.platform in mirrors:
            await sync_mirrors(uow, club, now)
        upcoming = await uow.sessions.between(club.id, now)
        await uow.clubs.planned(
            ticket, planning.next_plan_due(club, upcoming, now, deps.plan_weeks)
        )
        await uow.commit()


async def plan_all(deps: Deps, now: datetime, mirrors: Collection[Platform] = frozenset()) -> int:
    """Plan each due club in its own transaction, so one broken club cannot stall the others.

    Returns how many clubs were planned.

    `mirrors`: the platforms whose posters keep sessions in their own calendar
    (`EventMirror`); only their clubs get event rows.
    """
    async with deps.uow() as uow:
        tickets = await uow.clubs.due_for_planning(now)
    for ticket in tickets:
        try:
            await plan_club(deps, ticket, now, mirrors)
        except Exception:
            # Another replica planning the same club at once can lose a race; the watermark
            # stays cleared, so the next tick plans it again from the database.
            log.exception("planning failed", extra={"club_id": ticket.club_id})
    return len(tickets)
