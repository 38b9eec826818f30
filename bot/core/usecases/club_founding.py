"""What /club setup does once it may: found a new club (shipped papers queued, sessions planned)
or change an existing club's weekly rule (future sessions and their posts re-planned, past ones
kept). Each writes in the unit of work it is given and answers the admin."""

from __future__ import annotations

from dataclasses import replace

from bot.core.commands.context import Context, Founding
from bot.core.domain.clubs import Club, ClubSettings
from bot.core.domain.papers import QueueState
from bot.core.planning import sessionplan as planning
from bot.core.planning.postplan import sync_posts
from bot.core.ports import ChannelAccess, UnitOfWork
from bot.core.text import t, tn
from bot.core.usecases.rule_change import apply_rule
from bot.core.views import Notice, Tone
from bot.core.wording import plural


async def found_club(
    uow: UnitOfWork,
    ctx: Context,
    name: str,
    settings: ClubSettings,
    founding: Founding,
    access: ChannelAccess,
) -> Notice:
    store = founding.store
    now = store.clock.now()
    club = await uow.clubs.add(ctx.club, name, settings, now)
    shipped = await uow.papers.shipped()
    queued = await uow.queue.append_many(club.id, [p.id for p in shipped], now)
    await uow.members.ensure(ctx.actor.member, ctx.actor.display_name, now)
    await planning.ensure_planned(uow, club, now, store.plan_weeks)
    await uow.commit()
    return Notice(
        t("Paper club “{club}” is set up: {rule}.", club=club.name, rule=settings.rule_text()),
        Tone.SUCCESS,
        details=(
            tn("{n} paper queued in reading order.", "{n} papers queued in reading order.", queued),
            t("Try /paper for the first one, /schedule for the dates."),
            *channel_limits(access),
        ),
    )


async def change_rule(
    uow: UnitOfWork,
    existing: Club,
    settings: ClubSettings,
    founding: Founding,
    access: ChannelAccess,
) -> Notice:
    store = founding.store
    now = store.clock.now()
    club = replace(existing, settings=settings)
    await uow.clubs.update(club)
    changed = settings != existing.settings
    moves: tuple[str, ...] = ()
    if changed:
        moves = await apply_rule(uow, club, now, store.plan_weeks)
        await sync_posts(uow, club, now)
    await uow.commit()
    queued = len(await uow.queue.entries(club.id, [QueueState.QUEUED]))
    text = t("Updated: {rule}.", rule=settings.rule_text()) if changed else t("Nothing changed.")
    details = (
        *moves,
        t("Waiting in the queue: {papers}.", papers=plural(queued, "paper")),
        *channel_limits(access),
    )
    return Notice(text, Tone.SUCCESS, details=details)


def channel_limits(access: ChannelAccess) -> tuple[str, ...]:
    """What won't work in this channel yet, and how to fix it, after a successful setup."""
    if not access.limits:
        return ()
    missing = t("Missing here: {missing}. Until then:", missing=", ".join(access.missing))
    lines = [missing, *access.limits]
    return (*lines, access.fix) if access.fix else tuple(lines)
