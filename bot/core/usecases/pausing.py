"""What /club pause and /club resume share: switching the weekly rhythm off or on."""

from __future__ import annotations

from dataclasses import replace

from bot.core.commands.context import Context, Store
from bot.core.planning import sessionplan as planning
from bot.core.planning.postplan import sync_posts
from bot.core.usecases.club_access import require_club


async def set_paused(paused: bool, ctx: Context, store: Store) -> bool:
    """Returns whether anything changed."""
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        if club.settings.paused == paused:
            return False
        club = replace(club, settings=replace(club.settings, paused=paused))
        await uow.clubs.update(club)
        # Pausing drops the future sessions (papers stay queued); resuming plans them afresh.
        await planning.replan(uow, club, now, store.plan_weeks)
        await sync_posts(uow, club, now)
        await uow.commit()
    return True
