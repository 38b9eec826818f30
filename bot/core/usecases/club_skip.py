"""/club skip DATE: no session that week. The queue shifts; no paper is dropped."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind, OptionSpec, SessionRef
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.errors import Conflict
from bot.core.domain.papers import QueueState
from bot.core.domain.sessions import SessionStatus
from bot.core.planning.postplan import sync_posts
from bot.core.usecases.club_sessions import session_on
from bot.core.usecases.common import require_club, session_label
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class SkipSession:
    session: SessionRef

    @classmethod
    def build(cls, values: Values) -> SkipSession:
        return cls(values.required_session("date"))


async def execute(cmd: SkipSession, ctx: Context, store: Store) -> Notice:
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        session = await session_on(uow, club, cmd.session, now, store.plan_weeks)
        if session.status == SessionStatus.SKIPPED:
            raise Conflict(f"The session on {session_label(session, club)} is already skipped.")
        await uow.sessions.update(replace(session, status=SessionStatus.SKIPPED, paper_id=None))
        # A paper fixed to the skipped session (a vote winner) moves to the next session, and
        # each later fixed paper one further, so nothing is dropped.
        carry = session.paper_id
        for later in await uow.sessions.between(club.id, session.ends_at, limit=60):
            if carry is None:
                break
            if later.status != SessionStatus.PLANNED or later.id == session.id:
                continue
            await uow.sessions.update(replace(later, paper_id=carry))
            carry = later.paper_id
        if carry is not None:
            await uow.queue.set_state(club.id, carry, QueueState.QUEUED)
        await sync_posts(uow, club, now)
        await uow.commit()
    return Notice(
        f"No session on {session_label(session, club)}.",
        Tone.SUCCESS,
        details=("Its paper moves to the next session; the rest of the queue shifts by one.",),
    )


SPEC = CommandSpec(
    "club skip",
    "/club skip DATE",
    "No session that week; the queue shifts and no paper is dropped.",
    SkipSession,
    SkipSession.build,
    execute,
    Store,
    admin=True,
    private=True,
    options=(OptionSpec("date", "The session's date, e.g. 2026-12-02", OptionKind.SESSION, True),),
)
