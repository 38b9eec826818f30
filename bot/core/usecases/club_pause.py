"""/club pause and /club resume: stop and restart the weekly rhythm."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Deps
from bot.core.planning import sessionplan as planning
from bot.core.planning.postplan import sync_posts
from bot.core.usecases.common import require_admin, require_club
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class PauseClub:
    pass


@dataclass(frozen=True, slots=True)
class ResumeClub:
    pass


async def _set_paused(paused: bool, ctx: Context, deps: Deps) -> bool:
    """Returns whether anything changed."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        club = await require_club(uow, ctx)
        if club.settings.paused == paused:
            return False
        club = replace(club, settings=replace(club.settings, paused=paused))
        await uow.clubs.update(club)
        # Pausing drops the future sessions (papers stay queued); resuming plans them afresh.
        await planning.replan(uow, club, now, deps.plan_weeks)
        await sync_posts(uow, club, now)
        await uow.commit()
    return True


async def pause(cmd: PauseClub, ctx: Context, deps: Deps) -> Notice:
    require_admin(ctx, "pause the club")
    if not await _set_paused(True, ctx, deps):
        return Notice("The club is already paused.")
    return Notice(
        "Paused: no sessions and no posts until /club resume. The queue keeps its order.",
        Tone.SUCCESS,
    )


async def resume(cmd: ResumeClub, ctx: Context, deps: Deps) -> Notice:
    require_admin(ctx, "resume the club")
    if not await _set_paused(False, ctx, deps):
        return Notice("The club is not paused.")
    return Notice("Resumed: sessions are planned again. See /schedule.", Tone.SUCCESS)
