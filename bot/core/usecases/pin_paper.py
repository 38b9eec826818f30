"""/papers pin N DATE: an admin fixes paper N (its number in /papers) to the session of DATE."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind, OptionSpec, SessionRef
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values, required
from bot.core.domain.errors import Conflict
from bot.core.planning import sessionplan as planning
from bot.core.usecases import queue_numbers
from bot.core.usecases.club_access import require_club
from bot.core.usecases.presenting import is_upcoming
from bot.core.usecases.queue_edits import NUMBER
from bot.core.usecases.session_refs import resolve_session, session_label
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class PinPaper:
    number: int
    session: SessionRef

    @classmethod
    def build(cls, values: Values) -> PinPaper:
        return cls(required(values.integer("number"), "number"), values.required_session("session"))


async def execute(cmd: PinPaper, ctx: Context, store: Store) -> Notice:
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        await planning.refresh(uow, club, now, store.plan_weeks)
        entry = queue_numbers.at(await queue_numbers.waiting(uow, club), cmd.number)
        session = await resolve_session(uow, club, cmd.session, now)
        label = session_label(session, club)
        if not is_upcoming(session, now):
            raise Conflict(f"{label} is not an upcoming session.", hint="Check /schedule.")
        await queue_numbers.refuse_open_vote_candidate(uow, club, entry)
        kept = await queue_numbers.keep_announced(uow, club, now)
        if label in kept:
            raise Conflict(
                f"{label} was already announced with its paper, so it keeps it.",
                hint="Pin the paper to a later session.",
            )
        fresh = await uow.sessions.get(session.id)
        before = fresh.paper_id if fresh else None
        names = await uow.papers.get_many([before] if before else [])
        await queue_numbers.fix_paper(uow, club, replace(session, paper_id=before), entry.paper.id)
        await uow.commit()
    details = ["The sessions after it take the rest of the queue in order."]
    if before is not None and before in names:
        details.insert(0, f"“{names[before].title}” was fixed there; it waits its turn again.")
    return Notice(f"Pinned “{entry.paper.title}” to {label}.", Tone.SUCCESS, details=tuple(details))


SPEC = CommandSpec(
    "papers pin",
    "/papers pin N DATE",
    "Fix paper N (its number in /papers) to the session of DATE.",
    PinPaper,
    PinPaper.build,
    execute,
    Store,
    admin=True,
    options=(NUMBER, OptionSpec("session", "The session's date", OptionKind.SESSION, True)),
)
