"""/stats [club]: your own record, or the club's attendance and favourite papers. This reads
the record; stats_views says what it shows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.ports import UnitOfWork
from bot.core.usecases.club_access import require_club
from bot.core.usecases.stats_views import Record, club_stats, member_stats
from bot.core.views import StatsView


@dataclass(frozen=True, slots=True)
class ShowStats:
    club: bool = False  # the club's record instead of the member's own

    @classmethod
    def build(cls, values: Values) -> ShowStats:
        return cls(club=values.text("scope") == "club")


async def _held_sessions(uow: UnitOfWork, club_id: int, now: datetime) -> list[Session]:
    """Sessions that took place or are taking place now: a session in progress already has
    check-ins, and they count from the first one."""
    sessions = await uow.sessions.between(club_id, now - timedelta(days=3650), now)
    return [
        s
        for s in sessions
        if s.status == SessionStatus.DONE
        or (s.status == SessionStatus.PLANNED and s.starts_at <= now)
    ]


async def execute(cmd: ShowStats, ctx: Context, store: Store) -> StatsView:
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        await planning.settle_past(uow, club, now)
        await uow.commit()
        held = await _held_sessions(uow, club.id, now)
        ids = [s.id for s in held]
        check_ins = await uow.attendance.check_ins_for(ids)
        rsvps = await uow.attendance.rsvps_for(ids)
        queue = await uow.queue.entries(club.id)
        club_polls = await uow.polls.for_club(club.id)
        ballots = await uow.polls.ballots_for([p.id for p in club_polls])
        attendees = Counter(c.member for c in check_ins)
        presenters = [s.presenter for s in held if s.presenter is not None]
        names = await uow.members.display_names([*attendees, ctx.actor.member, *presenters])
        papers = await uow.papers.get_many(
            [pid for p in club_polls for pid in p.candidates]
            + [s.paper_id for s in held if s.paper_id]
        )
    record = Record(club, held, check_ins, rsvps, queue, club_polls, ballots, names, papers)
    return club_stats(record) if cmd.club else member_stats(record, ctx.actor)


SPEC = CommandSpec(
    "stats",
    "/stats [club]",
    "Your attendance, streak and suggestions, or the club's.",
    ShowStats,
    ShowStats.build,
    execute,
    Store,
    private=True,
    options=(
        OptionSpec("scope", "Whose stats", OptionKind.CHOICE, choices=("me", "mine", "club")),
    ),
)
