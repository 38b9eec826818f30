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
from bot.core.domain.errors import ChannelUnusable
from bot.core.ports import ChannelAccess
from bot.core.text import t
from bot.core.usecases.club_founding import change_rule, found_club
from bot.core.usecases.setup_words import setup_words
from bot.core.views import Notice
from bot.core.wording import join_names


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
            t(
                "I can't post in this channel (missing: {missing}), so I haven't set up a club "
                "here.",
                missing=join_names(access.missing),
            ),
            hint=access.fix,
        )
    async with founding.store.uow() as uow:
        existing = await uow.clubs.get(ctx.club)
        base = existing.settings if existing else founding.defaults
        settings = replace(
            base,
            weekday=base.weekday if cmd.weekday is None else cmd.weekday,
            local_time=cmd.local_time or base.local_time,
            timezone=cmd.timezone or base.timezone,
        )
        if existing is None:
            name = cmd.name or ctx.channel_name or "Paper club"
            return await found_club(uow, ctx, name, settings, founding, access)
        return await change_rule(uow, existing, settings, founding, access)


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
