"""/club skip DATE [confirm] (admins): no session that week; the later sessions' papers and
presenters move a week. A session the channel was told about is skipped only when the admin
confirms, and the channel gets a correction through the outbox."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionSpec, SessionRef
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values, usage_text
from bot.core.domain.errors import Conflict, InvalidInput
from bot.core.domain.sessions import SessionStatus
from bot.core.planning.announced import announced_sessions
from bot.core.planning.postplan import sync_posts
from bot.core.planning.shifting import skip_shift
from bot.core.text import t
from bot.core.usecases.club_access import require_club
from bot.core.usecases.club_sessions import session_on
from bot.core.usecases.corrections import post_correction
from bot.core.usecases.session_refs import local_date_of, session_label
from bot.core.usecases.week_shift import (
    DATE,
    apply_shift,
    later_sessions,
    papers_by_session,
    shift_changes,
    still_to_be_decided,
)
from bot.core.views import Notice, Tone

CONFIRM = "confirm"
USAGE = "/club skip DATE [confirm]"


@dataclass(frozen=True, slots=True)
class SkipSession:
    session: SessionRef
    confirmed: bool = False  # "confirm": skip a session that was already announced

    @classmethod
    def build(cls, values: Values) -> SkipSession:
        word = (values.text("confirm") or "").casefold()
        if word not in ("", CONFIRM):
            raise InvalidInput(usage_text(USAGE))
        return cls(values.required_session("date"), word == CONFIRM)


async def execute(cmd: SkipSession, ctx: Context, store: Store) -> Notice:
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        session = await session_on(uow, club, cmd.session, now, store.plan_weeks)
        label = session_label(session, club)
        if session.status == SessionStatus.SKIPPED:
            raise Conflict(t("The session on {session} is already skipped.", session=label))
        told = await announced_sessions(uow, club, now)
        before = await papers_by_session(uow, club, store)
        announced = session.id in told
        if announced and not cmd.confirmed:
            day = local_date_of(session.starts_at, club.settings.timezone)
            go_ahead = f"/club skip {day.isoformat()} {CONFIRM}"
            raise Conflict(
                t(
                    "The session on {session} was already announced, with {paper}.",
                    session=label,
                    paper=before.get(session.id) or still_to_be_decided(),
                ),
                hint=t(
                    "Skipping it posts a correction to the channel. To go ahead: {command}",
                    command=go_ahead,
                ),
            )
        shift = skip_shift(session, await later_sessions(uow, club, session, told))
        await apply_shift(uow, club, shift)
        after = await papers_by_session(uow, club, store)
        details = await shift_changes(uow, club, shift, before, after)
        if announced:
            change = t("there is no session on {session}.", session=label)
            await post_correction(uow, club, session, now, change, details)
        await sync_posts(uow, club, now)
        await uow.commit()
    said = (t("A correction went to the channel."),) if announced else ()
    return Notice(
        t("No session on {session}.", session=label),
        Tone.SUCCESS,
        details=(*said, *(details or (t("Nothing else changes."),))),
    )


SPEC = CommandSpec(
    "club skip",
    USAGE,
    "No session that week; later papers move a week with their presenters, none is dropped.",
    SkipSession,
    SkipSession.build,
    execute,
    Store,
    admin=True,
    private=True,
    options=(
        DATE,
        OptionSpec("confirm", "'confirm' to skip a session already announced", choices=(CONFIRM,)),
    ),
)
