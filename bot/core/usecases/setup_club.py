"""/club setup [weekday] [time] [zone]: make this channel a paper club (admins only).

Running it again in a club updates the weekly rule; future sessions are re-planned and past ones
stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import time

from bot.core.commands.context import Context, Founding
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.clubs import Club
from bot.core.domain.errors import ChannelUnusable
from bot.core.domain.papers import QueueState
from bot.core.planning import sessionplan as planning
from bot.core.planning.postplan import sync_posts
from bot.core.ports import ChannelAccess
from bot.core.usecases.setup_words import setup_words
from bot.core.views import Notice, Tone
from bot.core.wording import plural


@dataclass(frozen=True, slots=True)
class SetupClub:
    name: str | None = None
    weekday: int | None = None
    local_time: time | None = None
    timezone: str | None = None

    @classmethod
    def build(cls, values: Values) -> SetupClub:
        return cls(
            weekday=values.integer("weekday"),
            local_time=values.clock_time("time"),
            timezone=values.text("timezone"),
        )


async def execute(cmd: SetupClub, ctx: Context, founding: Founding) -> Notice:
    access = await ctx.channel.access() if ctx.channel is not None else ChannelAccess()
    if not access.can_post:
        # A club whose posts can never arrive would fail quietly in the outbox, every week.
        raise ChannelUnusable(
            f"I can't post in this channel (missing: {', '.join(access.missing)}), so I "
            "haven't set up a club here.",
            hint=access.fix,
        )
    store = founding.store
    now = store.clock.now()
    async with store.uow() as uow:
        existing = await uow.clubs.get(ctx.club)
        base = existing.settings if existing else founding.defaults
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
            await planning.ensure_planned(uow, club, now, store.plan_weeks)
            await uow.commit()
            return Notice(
                f"Paper club “{club.name}” is set up: {settings.rule_text()}.",
                Tone.SUCCESS,
                details=(
                    f"{plural(queued, 'paper')} queued in reading order.",
                    "Try /paper for the first one, /schedule for the dates.",
                    *_limits(access),
                ),
            )
        club = replace(existing, settings=settings)
        await uow.clubs.update(club)
        changed = settings != existing.settings
        if changed:
            await planning.replan(uow, club, now, store.plan_weeks)
            await sync_posts(uow, club, now)
        await uow.commit()
        queued = len(await uow.queue.entries(club.id, [QueueState.QUEUED]))
    text = f"Updated: {settings.rule_text()}." if changed else "Nothing changed."
    details = (f"Waiting in the queue: {plural(queued, 'paper')}.", *_limits(access))
    return Notice(text, Tone.SUCCESS, details=details)


def _limits(access: ChannelAccess) -> tuple[str, ...]:
    """What won't work in this channel yet, and how to fix it, after a successful setup."""
    if not access.limits:
        return ()
    lines = [f"Missing here: {', '.join(access.missing)}. Until then:", *access.limits]
    return (*lines, access.fix) if access.fix else tuple(lines)


SPEC = CommandSpec(
    "club setup",
    "/club setup [weekday] [time] [zone]",
    "Make this channel a paper club, or change its weekly rule.",
    SetupClub,
    SetupClub.build,
    execute,
    Founding,
    admin=True,
    private=True,
    options=(
        OptionSpec("weekday", "Meeting day", OptionKind.WEEKDAY),
        OptionSpec("time", "Local meeting time, e.g. 18:00", OptionKind.TIME),
        OptionSpec("timezone", "IANA time zone, e.g. Europe/Berlin", OptionKind.TIMEZONE),
    ),
    grammar=setup_words,
)


async def ensure_club(ctx: Context, name: str, founding: Founding) -> Notice | None:
    """Set the club up from the defaults unless it exists (the console's first run)."""
    async with founding.store.reader() as uow:
        if await uow.clubs.get(ctx.club) is not None:
            return None
    return await execute(SetupClub(name=name), ctx, founding)
