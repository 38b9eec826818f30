"""/stats [club]: your own record, or the club's attendance and favourite papers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.attendance import RsvpStatus
from bot.core.domain.papers import QueueState
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.ports import UnitOfWork
from bot.core.usecases.common import local_date_of, require_club
from bot.core.views import Bar, StatsView
from bot.core.wording import format_short_day

RECENT = 8
TOP = 5


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
        names = await uow.members.display_names([*list(attendees), ctx.actor.member])
        papers = await uow.papers.get_many(
            [pid for p in club_polls for pid in p.candidates]
            + [s.paper_id for s in held if s.paper_id]
        )
    if cmd.club:
        per_session = Counter(c.session_id for c in check_ins)
        recent = held[-RECENT:]
        first_prefs = Counter(b.choices[0] for b in ballots if b.choices)
        return StatsView(
            title=f"{club.name}: club stats",
            lines=(
                ("Sessions held", str(len(held))),
                ("Check-ins", str(len(check_ins))),
                ("Members who came", str(len(attendees))),
                ("Votes cast", str(len(ballots))),
            ),
            bars_title="Attendance, recent sessions",
            bars=tuple(
                Bar(
                    format_short_day(local_date_of(s.starts_at, club.settings.timezone)),
                    per_session.get(s.id, 0),
                    papers[s.paper_id].title if s.paper_id in papers else None,
                )
                for s in recent
            ),
            extra_bars_title="Top members" if attendees else "Most-voted papers",
            extra_bars=tuple(Bar(names.get(m, m.user_id), n) for m, n in attendees.most_common(TOP))
            + tuple(
                Bar(papers[pid].title, n)
                for pid, n in first_prefs.most_common(TOP)
                if pid in papers and not attendees
            ),
        )
    me = ctx.actor.member
    attended = {c.session_id for c in check_ins if c.member == me}
    # A session under way counts for the member once they checked in; until then it is not
    # yet a session they missed.
    done = [s for s in held if s.status == SessionStatus.DONE or s.id in attended]
    streak = 0
    for session in reversed(done):
        if session.id not in attended:
            break
        streak += 1
    promised = [r.session_id for r in rsvps if r.member == me and r.status == RsvpStatus.GOING]
    kept = sum(1 for sid in promised if sid in attended)
    reliability = f"{kept} of {len(promised)} ({kept * 100 // len(promised)}%)" if promised else "—"
    mine = [e for e in queue if e.suggested_by == me]
    won = sum(1 for p in club_polls if p.winner_paper_id in {e.paper.id for e in mine})
    read_mine = sum(1 for e in mine if e.state in (QueueState.READ, QueueState.SCHEDULED))
    return StatsView(
        title=f"{names.get(me, ctx.actor.display_name)}: your stats",
        lines=(
            ("Sessions attended", f"{len(attended)} of {len(done)}"),
            ("Current streak", f"{streak} in a row"),
            ("RSVP 'going' kept", reliability),
            ("Papers you suggested", str(len(mine))),
            ("Your papers that won a vote", str(won)),
            ("Your papers read or scheduled", str(read_mine)),
        ),
    )


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
