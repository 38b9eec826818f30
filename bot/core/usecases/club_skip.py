"""/club skip DATE [confirm] and /club unskip DATE (admins): no session that week, or the week
back. The later sessions' papers and presenters shift together (`planning.shifting`); a session
the channel was told about is skipped only when the admin confirms, and the channel gets a
correction through the outbox."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind, OptionSpec, SessionRef
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.clubs import Club
from bot.core.domain.errors import Conflict, InvalidInput
from bot.core.domain.ids import MemberKey
from bot.core.domain.papers import QueueState
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.planning.announced import announced_sessions
from bot.core.planning.postplan import sync_posts
from bot.core.planning.shifting import Shift, skip_shift, unskip_shift
from bot.core.ports import UnitOfWork
from bot.core.usecases.club_sessions import session_on
from bot.core.usecases.common import local_date_of, require_club, session_label
from bot.core.usecases.corrections import post_correction
from bot.core.views import Notice, Tone

CONFIRM = "confirm"
MOVES_SHOWN = 4


@dataclass(frozen=True, slots=True)
class SkipSession:
    session: SessionRef
    confirmed: bool = False  # "confirm": skip a session that was already announced

    @classmethod
    def build(cls, values: Values) -> SkipSession:
        word = (values.text("confirm") or "").casefold()
        if word not in ("", CONFIRM):
            raise InvalidInput("Usage: /club skip DATE [confirm]")
        return cls(values.required_session("date"), word == CONFIRM)


@dataclass(frozen=True, slots=True)
class UnskipSession:
    session: SessionRef

    @classmethod
    def build(cls, values: Values) -> UnskipSession:
        return cls(values.required_session("date"))


async def _later(
    uow: UnitOfWork, club: Club, session: Session, told: frozenset[int]
) -> list[Session]:
    """The planned sessions after `session` whose paper may shift: not the announced ones."""
    return [
        s
        for s in await uow.sessions.between(club.id, session.starts_at, limit=60)
        if s.starts_at > session.starts_at
        and s.status == SessionStatus.PLANNED
        and s.id not in told
    ]


async def _titles(uow: UnitOfWork, club: Club, store: Store) -> dict[int, str]:
    now = store.clock.now()
    return {
        p.session.id: f"“{p.paper.title}”"
        for p in await planning.upcoming(uow, club, now)
        if p.paper is not None
    }


async def _apply(uow: UnitOfWork, club: Club, shift: Shift) -> None:
    for changed in shift.updated:
        await uow.sessions.update(changed)
    if shift.released_paper is not None:
        await uow.queue.set_state(club.id, shift.released_paper, QueueState.QUEUED)


async def _changes(
    uow: UnitOfWork,
    club: Club,
    shift: Shift,
    before: dict[int, str],
    after: dict[int, str],
) -> tuple[str, ...]:
    """What members will notice, one line per session whose paper changed."""
    people = [s.presenter for s in shift.updated if s.presenter is not None]
    if shift.released_presenter is not None:
        people.append(shift.released_presenter)
    names = await uow.members.display_names(people)

    def who(member: MemberKey | None) -> str:
        return f", presented by {names.get(member, member.user_id)}" if member else ""

    lines = [
        f"{session_label(s, club)}: {after.get(s.id, 'the paper still to be decided')}"
        f"{who(s.presenter)}"
        for s in shift.updated
        if s.status == SessionStatus.PLANNED and before.get(s.id) != after.get(s.id)
    ]
    shown = lines[:MOVES_SHOWN]
    if len(lines) > MOVES_SHOWN:
        shown.append(f"… and {len(lines) - MOVES_SHOWN} more; see /schedule.")
    if shift.released_presenter is not None:
        name = names.get(shift.released_presenter, shift.released_presenter.user_id)
        shown.append(f"{name} no longer has a session to present: volunteer again with /present.")
    return tuple(shown)


async def execute(cmd: SkipSession, ctx: Context, store: Store) -> Notice:
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        session = await session_on(uow, club, cmd.session, now, store.plan_weeks)
        label = session_label(session, club)
        if session.status == SessionStatus.SKIPPED:
            raise Conflict(f"The session on {label} is already skipped.")
        told = await announced_sessions(uow, club, now)
        before = await _titles(uow, club, store)
        announced = session.id in told
        if announced and not cmd.confirmed:
            paper = before.get(session.id, "its paper still to be decided")
            raise Conflict(
                f"The session on {label} was already announced, with {paper}.",
                hint=f"Skipping it posts a correction to the channel. To go ahead: "
                f"/club skip {local_date_of(session.starts_at, club.settings.timezone)} {CONFIRM}",
            )
        shift = skip_shift(session, await _later(uow, club, session, told))
        await _apply(uow, club, shift)
        after = await _titles(uow, club, store)
        details = await _changes(uow, club, shift, before, after)
        if announced:
            await post_correction(
                uow, club, session, now, f"there is no session on {label}.", details
            )
        await sync_posts(uow, club, now)
        await uow.commit()
    said = ("A correction went to the channel.",) if announced else ()
    return Notice(
        f"No session on {label}.",
        Tone.SUCCESS,
        details=(*said, *(details or ("Nothing else changes.",))),
    )


async def unskip(cmd: UnskipSession, ctx: Context, store: Store) -> Notice:
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        session = await session_on(uow, club, cmd.session, now, store.plan_weeks)
        label = session_label(session, club)
        if session.status != SessionStatus.SKIPPED:
            raise Conflict(f"The session on {label} is not skipped.")
        told = await announced_sessions(uow, club, now)
        before = await _titles(uow, club, store)
        shift = unskip_shift(session, await _later(uow, club, session, told))
        await _apply(uow, club, shift)
        after = await _titles(uow, club, store)
        details = await _changes(uow, club, shift, before, after)
        if session.id in told:
            text = f"the session on {label} is back on."
            await post_correction(uow, club, session, now, text, details)
        await sync_posts(uow, club, now)
        await uow.commit()
    return Notice(f"The session on {label} is back on.", Tone.SUCCESS, details=details)


DATE = OptionSpec("date", "The session's date, e.g. 2026-12-02", OptionKind.SESSION, True)

SPEC = CommandSpec(
    "club skip",
    "/club skip DATE [confirm]",
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

UNSKIP_SPEC = CommandSpec(
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
