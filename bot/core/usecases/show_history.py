"""/schedule past [count]: the sessions held, most recent first: the paper read, who presented
and how many came. Also the line a read paper's card carries about the session it was read in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.clubs import Club
from bot.core.domain.errors import InvalidInput
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.planning.calendar import format_local
from bot.core.ports import UnitOfWork
from bot.core.text import t, tn
from bot.core.usecases.club_access import require_club
from bot.core.usecases.session_refs import local_date_of
from bot.core.views import ScheduleEntry, ScheduleView
from bot.core.wording import format_day, plural

MAX_SESSIONS = 25
HISTORY = timedelta(days=3650)  # how far back a club's history is read


@dataclass(frozen=True, slots=True)
class ShowHistory:
    count: int = 10

    @classmethod
    def build(cls, values: Values) -> ShowHistory:
        count = values.integer("count")
        return cls() if count is None else cls(count)


async def held(uow: UnitOfWork, club: Club, now: datetime) -> list[Session]:
    """The sessions that took place, earliest first."""
    sessions = await uow.sessions.between(club.id, now - HISTORY, now)
    return [s for s in sessions if s.status == SessionStatus.DONE and s.ends_at <= now]


async def execute(cmd: ShowHistory, ctx: Context, store: Store) -> ScheduleView:
    if not 1 <= cmd.count <= MAX_SESSIONS:
        raise InvalidInput(t("I can show between 1 and {most} past sessions.", most=MAX_SESSIONS))
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        await planning.settle_past(uow, club, now)
        await uow.commit()
        everything = await held(uow, club, now)
        shown = list(reversed(everything))[: cmd.count]
        check_ins = await uow.attendance.check_ins_for([s.id for s in shown])
        papers = await uow.papers.get_many([s.paper_id for s in shown if s.paper_id])
        presenters = await uow.members.display_names([s.presenter for s in shown if s.presenter])
    came: dict[int, int] = {}
    for check_in in check_ins:
        came[check_in.session_id] = came.get(check_in.session_id, 0) + 1
    zone = club.settings.timezone
    entries = tuple(
        ScheduleEntry(
            session_id=s.id,
            starts_at=s.starts_at,
            local_text=format_local(s.starts_at, zone),
            paper_title=papers[s.paper_id].title if s.paper_id in papers else None,
            status=s.status.value,
            presenter=presenters.get(s.presenter) if s.presenter else s.presenter_name,
            came=came.get(s.id, 0),
        )
        for s in shown
    )
    note = None
    if not entries:
        note = t("No session has taken place yet.")
    elif len(everything) > len(entries):
        note = tn(
            "The last session of {total}.",
            "The last {n} sessions of {total}.",
            len(entries),
            total=len(everything),
        )
    return ScheduleView(
        club_name=club.name,
        rule_text=club.settings.rule_text(),
        timezone=zone,
        entries=entries,
        paused=club.settings.paused,
        past=True,
        note=note,
    )


async def read_in(uow: UnitOfWork, club: Club, paper_id: int, now: datetime) -> str | None:
    """ "Read on Wed 2 Dec 2026, presented by Ada; 5 people came" for a paper the club has read
    (its latest reading), None for one it has not."""
    sessions = [s for s in await held(uow, club, now) if s.paper_id == paper_id]
    if not sessions:
        return None
    session = sessions[-1]
    day = format_day(local_date_of(session.starts_at, club.settings.timezone))
    people = plural(len(await uow.attendance.check_ins(session.id)), "person")
    names = await uow.members.display_names([session.presenter] if session.presenter else [])
    who = (names.get(session.presenter) or t("a member")) if session.presenter else None
    if not (who := who or session.presenter_name):
        return t("Read on {day}; {people} came.", day=day, people=people)
    return t("Read on {day}, presented by {who}; {people} came.", day=day, who=who, people=people)


SPEC = CommandSpec(
    "schedule past",
    "/schedule past [count]",
    "What the club has read: past sessions, who presented and how many came.",
    ShowHistory,
    ShowHistory.build,
    execute,
    Store,
    options=(OptionSpec("count", f"How many sessions (1-{MAX_SESSIONS})", OptionKind.INTEGER),),
)
