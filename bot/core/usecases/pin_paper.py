"""/papers pin N DATE: an admin fixes paper N (its number in /papers) to the session of DATE."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind, OptionSpec, SessionRef
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values, required
from bot.core.domain.errors import Conflict
from bot.core.domain.sessions import SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.text import t
from bot.core.usecases import queue_numbers
from bot.core.usecases.club_access import require_club
from bot.core.usecases.presenting import is_upcoming
from bot.core.usecases.queue_edits import NUMBER, PAPER_ID, chosen
from bot.core.usecases.session_refs import resolve_session, session_label
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class PinPaper:
    number: int
    session: SessionRef
    paper_id: int | None = None  # the management page's: the paper it showed as `number`

    @classmethod
    def build(cls, values: Values) -> PinPaper:
        return cls(
            required(values.integer("number"), "number"),
            values.required_session("session"),
            values.integer("paper_id"),
        )


async def execute(cmd: PinPaper, ctx: Context, store: Store) -> Notice:
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        await planning.refresh(uow, club, now, store.plan_weeks)
        entry, shifted = chosen(await queue_numbers.waiting(uow, club), cmd.number, cmd.paper_id)
        session = await resolve_session(uow, club, cmd.session, now)
        label = session_label(session, club)
        if not is_upcoming(session, now):
            skipped = session.status == SessionStatus.SKIPPED and session.starts_at > now
            raise Conflict(
                t("There is no session on {session}: it was skipped.", session=label)
                if skipped
                else t("{session} is not an upcoming session.", session=label),
                hint=t("Check /schedule."),
            )
        await queue_numbers.refuse_open_vote_candidate(uow, club, entry)
        kept = await queue_numbers.keep_announced(uow, club, now)
        if label in kept:
            raise Conflict(
                t("{session} was already announced with its paper, so it keeps it.", session=label),
                hint=t("Pin the paper to a later session."),
            )
        fresh = await uow.sessions.get(session.id)
        before = fresh.paper_id if fresh else None
        names = await uow.papers.get_many([before] if before else [])
        await queue_numbers.fix_paper(uow, club, replace(session, paper_id=before), entry.paper.id)
        await uow.commit()
    details = [t("The sessions after it take the rest of the queue in order."), *shifted]
    if before is not None and before in names:
        again = t("“{title}” was fixed there; it waits its turn again.", title=names[before].title)
        details.insert(0, again)
    pinned = t("Pinned “{title}” to {session}.", title=entry.paper.title, session=label)
    return Notice(pinned, Tone.SUCCESS, details=tuple(details))


SPEC = CommandSpec(
    "papers pin",
    "/papers pin N DATE",
    "Fix paper N (its number in /papers) to the session of DATE.",
    PinPaper,
    PinPaper.build,
    execute,
    Store,
    admin=True,
    options=(
        NUMBER,
        OptionSpec("session", "The session's date", OptionKind.SESSION, True),
        PAPER_ID,
    ),
)
