"""Keep every club's sessions and posts planned ahead; run at start and after each tick."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.core import planning
from bot.core.context import Deps
from bot.core.postplan import sync_posts

log = logging.getLogger(__name__)


async def plan_club(deps: Deps, club_id: int, now: datetime) -> None:
    async with deps.uow() as uow:
        club = await uow.clubs.get_by_id(club_id)
        if club is None:
            return
        await planning.refresh(uow, club, now, deps.plan_weeks)
        await sync_posts(uow, club, now)
        await uow.commit()


async def plan_all(deps: Deps, now: datetime) -> None:
    """Plan each club in its own transaction, so one broken club cannot stall the others."""
    async with deps.uow() as uow:
        club_ids = [club.id for club in await uow.clubs.all()]
    for club_id in club_ids:
        try:
            await plan_club(deps, club_id, now)
        except Exception:
            # Another replica planning the same club at once can lose a race; the next tick
            # plans it again from the database, so logging is enough.
            log.exception("planning failed", extra={"club_id": club_id})
