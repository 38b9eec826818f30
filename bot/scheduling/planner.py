"""Keep every club's sessions and posts planned ahead; run at start and after each tick.

Each club carries a watermark: the next instant time alone changes its plan
(`planning.next_plan_due`). Any write that changes a club's plan (a session, a poll, its
settings) clears the watermark in the same transaction. So a tick plans only the clubs that
changed or whose watermark has passed, and a start-up with 10,000 quiet clubs reads one index.

The due clubs are planned in batches: one transaction per batch, whose reads are a few
set-based queries for all its clubs (`planreads`). A club whose planning fails rolls its batch
back; it is then planned alone, as before batches (and logged if it fails again), and the rest
of its batch is planned again without it, so one broken club cannot stall the others.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta

from bot.core.commands.context import Deps
from bot.core.domain.clubs import Club
from bot.core.domain.ids import Platform
from bot.core.planning import sessionplan as planning
from bot.core.planning.eventplan import MIRROR_AHEAD, sync_mirrors
from bot.core.planning.postplan import RECENT, sync_posts
from bot.core.ports import PlanTicket, UnitOfWork
from bot.scheduling.planreads import HeldUnitOfWork, read_batch

log = logging.getLogger(__name__)

# Clubs per transaction. On SQLite a batch holds the one writer's turn while it plans, so a
# command waits at most one batch (a few hundred ms); more clubs per batch saved little more.
BATCH = 200
# A batch in which this many clubs failed plans the rest one by one rather than again.
RETRIES = 3
# Posts are read this far further back than `sync_posts` looks, so the batch knows the keys of
# posts already there: an announcement (3 days ahead by default) sent more than RECENT ago is
# planned again at every look, and its INSERT, a no-op, is then not even sent.
POSTS_BEFORE = RECENT + timedelta(weeks=1)


async def _plan(
    uow: UnitOfWork, club: Club, now: datetime, mirrors: Collection[Platform], weeks: int
) -> datetime:
    """Plan one club in `uow`'s transaction; returns its next watermark."""
    await planning.refresh(uow, club, now, weeks)
    await sync_posts(uow, club, now)
    if club.key.platform in mirrors:
        await sync_mirrors(uow, club, now)
    upcoming = await uow.sessions.between(club.id, now)
    return planning.next_plan_due(club, upcoming, now, weeks)


async def plan_club(
    deps: Deps, ticket: PlanTicket, now: datetime, mirrors: Collection[Platform] = frozenset()
) -> None:
    """Plan one club in its own transaction."""
    async with deps.uow() as uow:
        club = await uow.clubs.get_by_id(ticket.club_id)
        if club is None:
            return
        due = await _plan(uow, club, now, mirrors, deps.plan_weeks)
        await uow.clubs.planned(ticket, due)
        await uow.commit()


class _ClubFailed(Exception):
    def __init__(self, ticket: PlanTicket) -> None:
        super().__init__(f"planning club {ticket.club_id} failed")
        self.ticket = ticket


async def _plan_batch(
    deps: Deps, tickets: Sequence[PlanTicket], now: datetime, mirrors: Collection[Platform]
) -> None:
    """Plan `tickets` in one transaction; `_ClubFailed` names the club that raised."""
    async with deps.uow() as uow:
        clubs = await uow.clubs.by_ids([t.club_id for t in tickets])
        held = await read_batch(
            uow,
            clubs,
            now,
            posts_since={platform: MIRROR_AHEAD for platform in mirrors},
            posts_default=POSTS_BEFORE,
            sessions_since=RECENT,
            queue_platforms=mirrors,
        )
        view = HeldUnitOfWork(uow, held)
        # Every session that ended while the bot was down, closed in one write for the batch
        # rather than one per club (a round trip each); `_plan` then finds nothing to settle.
        await planning.settle_past_many(
            view, [t.club_id for t in tickets if t.club_id in clubs], now
        )
        planned: list[tuple[PlanTicket, datetime]] = []
        for ticket in tickets:
            club = clubs.get(ticket.club_id)
            if club is None:  # deleted since it was listed
                continue
            try:
                planned.append((ticket, await _plan(view, club, now, mirrors, deps.plan_weeks)))
            except Exception as exc:
                raise _ClubFailed(ticket) from exc
        # Last, so the club rows are locked after any session or post row, as every writer does.
        await uow.clubs.planned_many(planned)
        await uow.commit()


async def _plan_alone(
    deps: Deps, ticket: PlanTicket, now: datetime, mirrors: Collection[Platform]
) -> None:
    try:
        await plan_club(deps, ticket, now, mirrors)
    except Exception:
        # Another replica planning the same club at once can lose a race; the watermark
        # stays cleared, so the next tick plans it again from the database.
        log.exception("planning failed", extra={"club_id": ticket.club_id})


async def _plan_isolating(
    deps: Deps, tickets: Sequence[PlanTicket], now: datetime, mirrors: Collection[Platform]
) -> None:
    remaining = list(tickets)
    for _ in range(RETRIES):
        if not remaining:
            return
        try:
            await _plan_batch(deps, remaining, now, mirrors)
            return
        except _ClubFailed as failed:
            await _plan_alone(deps, failed.ticket, now, mirrors)
            remaining = [t for t in remaining if t != failed.ticket]
        except Exception:
            log.warning("a planning batch failed; planning its clubs one by one", exc_info=True)
            break
    for ticket in remaining:
        await _plan_alone(deps, ticket, now, mirrors)


async def plan_all(deps: Deps, now: datetime, mirrors: Collection[Platform] = frozenset()) -> int:
    """Plan every due club, `BATCH` clubs per transaction. Returns how many clubs were due.

    `mirrors`: the platforms whose posters keep sessions in their own calendar
    (`EventMirror`); only their clubs get event rows.
    """
    async with deps.uow() as uow:
        tickets = await uow.clubs.due_for_planning(now)
    for first in range(0, len(tickets), BATCH):
        await _plan_isolating(deps, tickets[first : first + BATCH], now, mirrors)
    return len(tickets)
