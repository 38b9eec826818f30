"""/schedule: the next sessions, computed from the club's weekly rule."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Publishing
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.errors import InvalidInput
from bot.core.domain.sessions import SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.planning.calendar import format_local
from bot.core.text import t, tn
from bot.core.usecases.club_access import require_club
from bot.core.views import ScheduleEntry, ScheduleView

MAX_SESSIONS = 12


@dataclass(frozen=True, slots=True)
class ShowSchedule:
    count: int = 5

    @classmethod
    def build(cls, values: Values) -> ShowSchedule:
        count = values.integer("count")
        return cls() if count is None else cls(count)


def calendar_url(base_url: str | None, token: str | None) -> str | None:
    if not base_url or not token:
        return None
    return f"{base_url.rstrip('/')}/calendar/{token}.ics"


async def execute(cmd: ShowSchedule, ctx: Context, links: Publishing) -> ScheduleView:
    if not 1 <= cmd.count <= MAX_SESSIONS:
        raise InvalidInput(t("I can show between 1 and {most} sessions.", most=MAX_SESSIONS))
    store = links.store
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        # Sessions are kept planned `plan_weeks` ahead; a member asking for more gets them
        # planned now rather than a shorter list (12 weekly sessions reach past 8 weeks).
        weeks = max(store.plan_weeks, cmd.count * club.settings.cadence_weeks + 1)
        await planning.refresh(uow, club, now, weeks)
        await uow.commit()
        planned = await planning.upcoming(uow, club, now, limit=cmd.count)
        presenters = await uow.members.display_names(
            [p.session.presenter for p in planned if p.session.presenter is not None]
        )
    zone = club.settings.timezone
    entries = tuple(
        ScheduleEntry(
            session_id=p.session.id,
            starts_at=p.session.starts_at,
            local_text=format_local(p.session.starts_at, zone),
            paper_title=p.paper.title if p.paper else None,
            status=p.session.status.value
            if p.session.status != SessionStatus.PLANNED or p.session.starts_at > now
            else "in progress",  # a status word, said by the renderer
            presenter=presenters.get(p.session.presenter)
            if p.session.presenter
            else p.session.presenter_name,
            number=n,
        )
        for n, p in enumerate(planned, start=1)
    )
    return ScheduleView(
        club_name=club.name,
        rule_text=club.settings.rule_text(),
        timezone=zone,
        entries=entries,
        paused=club.settings.paused,
        calendar_url=calendar_url(links.public_base_url, club.calendar_token),
        note=_fewer(cmd.count, len(entries), club.settings.paused),
    )


def _fewer(asked: int, shown: int, paused: bool) -> str | None:
    """Why the list is shorter than asked for; None when it is not."""
    if shown >= asked:
        return None
    if paused:
        return tn(
            "{n} session planned: a paused club plans no new ones until /club resume.",
            "{n} sessions planned: a paused club plans no new ones until /club resume.",
            shown,
        )
    return tn("Only {n} session planned.", "Only {n} sessions planned.", shown)


SPEC = CommandSpec(
    "schedule",
    "/schedule [count]",
    "The next sessions and their papers.",
    ShowSchedule,
    ShowSchedule.build,
    execute,
    Publishing,
    options=(OptionSpec("count", "How many sessions (1-12)", OptionKind.INTEGER),),
)
