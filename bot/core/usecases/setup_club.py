"""/club setup [weekday] [time] [zone]: make this channel a paper club (admins only).

Running it again in a club updates the weekly rule; future sessions are re-planned and past ones
stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import time

from bot.core.commands.context import Context, Deps
from bot.core.domain.clubs import Club
from bot.core.domain.papers import QueueState
from bot.core.planning import sessionplan as planning
from bot.core.planning.postplan import sync_posts
from bot.core.usecases.common import require_admin
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class SetupClub:
    name: str | None = None
    weekday: int | None = None
    local_time: time | None = None
    timezone: str | None = None


async def execute(cmd: SetupClub, ctx: Context, deps: Deps) -> Notice:
    require_admin(ctx, "set up a club")
    now = deps.clock.now()
    async with deps.uow() as uow:
        existing = await uow.clubs.get(ctx.club)
        base = existing.settings if existing else deps.club_defaults
        settings = replace(
            base,
            weekday=base.weekday if cmd.weekday is None else cmd.weekday,
            local_time=cmd.local_time or base.local_time,
            timezone=cmd.timezone or base.timezone,
        )
        club: Club
        if existing is None:
            name = cmd.name or ctx.channel_name or "Paper club"
            club = await uow.clubs.add(ctx.club, name, settings, now)
            shipped = await uow.papers.shipped()
            queued = await uow.queue.append_many(club.id, [p.id for p in shipped], now)
            await uow.members.ensure(ctx.actor.member, ctx.actor.display_name, now)
            await planning.ensure_planned(uow, club, now, deps.plan_weeks)
            await uow.commit()
            return Notice(
                f"Paper club “{club.name}” is set up: {settings.rule_text()}.",
                Tone.SUCCESS,
                details=(
                    f"{queued} papers are queued in reading order.",
                    "Try /paper for the first one, /schedule for the dates.",
                ),
            )
        club = replace(existing, settings=settings)
        await uow.clubs.update(club)
        changed = settings != existing.settings
        if changed:
            await planning.replan(uow, club, now, deps.plan_weeks)
            await sync_posts(uow, club, now)
        await uow.commit()
        queued = len(await uow.queue.entries(club.id, [QueueState.QUEUED]))
    text = f"Updated: {settings.rule_text()}." if changed else "Nothing changed."
    return Notice(text, Tone.SUCCESS, details=(f"{queued} papers are waiting in the queue.",))
