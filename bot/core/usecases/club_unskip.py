"""/club unskip DATE (admins): a skipped week's session is held after all; the later papers
move back a week, and the channel gets a correction if it was told about the session."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.options import SessionRef
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.errors import Conflict
from bot.core.domain.sessions import SessionStatus
from bot.core.planning.announced import announced_sessions
from bot.core.planning.postplan import sync_posts
from bot.core.planning.shifting import unskip_shift
from bot.core.text import t
from bot.core.usecases.club_access import require_club
from bot.core.usecases.club_sessions import session_on
from bot.core.usecases.corrections import post_correction
from bot.core.usecases.session_refs import session_label
from bot.core.usecases.week_shift import (
    DATE,
    apply_shift,
    later_sessions,
    papers_by_session,
    shift_changes,
)
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class UnskipSession:
    session: SessionRef

    @classmethod
    def build(cls, values: Values) -> UnskipSession:
        return cls(values.required_session("date"))


async def unskip(cmd: UnskipSession, ctx: Context, store: Store) -> Notice:
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        session = await session_on(uow, club, cmd.session, now, store.plan_weeks)
        label = session_label(session, club)
        if session.status != SessionStatus.SKIPPED:
            raise Conflict(t("The session on {session} is not skipped.", session=label))
        told = await announced_sessions(uow, club, now)
        before = await papers_by_session(uow, club, store)
        shift = unskip_shift(session, await later_sessions(uow, club, session, told))
        await apply_shift(uow, club, shift)
        after = await papers_by_session(uow, club, store)
        details = await shift_changes(uow, club, shift, before, after)
        if session.id in told:
            change = t("the session on {session} is back on.", session=label)
            await post_correction(uow, club, session, now, change, details)
        await sync_posts(uow, club, now)
        await uow.commit()
    back = t("The session on {session} is back on.", session=label)
    return Notice(back, Tone.SUCCESS, details=details)


SPEC = CommandSpec(
    "club unskip",
    "/club unskip DATE",
    "Hold a skipped session after all; the later papers move back a week.",
    UnskipSession,
    UnskipSession.build,
    unskip,
    Store,
    admin=True,
    private=True,
    options=(DATE,),
)
