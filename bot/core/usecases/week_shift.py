"""What /club skip and /club unskip share: the sessions a skip moves, applying the shift, and
what members will notice of it. The later sessions' papers and presenters shift together
(`planning.shifting`); announced sessions keep theirs."""

from __future__ import annotations

from bot.core.commands.context import Store
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.domain.clubs import Club
from bot.core.domain.ids import MemberKey
from bot.core.domain.papers import QueueState
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.planning.shifting import Shift
from bot.core.ports import UnitOfWork
from bot.core.text import Text, t, tn
from bot.core.usecases.session_refs import session_label

MOVES_SHOWN = 4
DATE = OptionSpec("date", "The session's date, e.g. 2026-12-02", OptionKind.SESSION, True)


async def later_sessions(
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


async def papers_by_session(uow: UnitOfWork, club: Club, store: Store) -> dict[int, str]:
    now = store.clock.now()
    return {
        p.session.id: f"“{p.paper.title}”"
        for p in await planning.upcoming(uow, club, now)
        if p.paper is not None
    }


async def apply_shift(uow: UnitOfWork, club: Club, shift: Shift) -> None:
    for changed in shift.updated:
        await uow.sessions.update(changed)
    if shift.released_paper is not None:
        await uow.queue.set_state(club.id, shift.released_paper, QueueState.QUEUED)


async def shift_changes(
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

    def name_of(member: MemberKey) -> str:
        return names.get(member, member.user_id)

    def line(session: Session) -> Text:
        paper = after.get(session.id) or still_to_be_decided()
        label = session_label(session, club)
        if session.presenter is None:
            return t("{session}: {paper}", session=label, paper=paper)
        return t(
            "{session}: {paper}, presented by {name}",
            session=label,
            paper=paper,
            name=name_of(session.presenter),
        )

    lines: list[str] = [
        line(s)
        for s in shift.updated
        if s.status == SessionStatus.PLANNED and before.get(s.id) != after.get(s.id)
    ]
    shown = lines[:MOVES_SHOWN]
    if len(lines) > MOVES_SHOWN:
        more = len(lines) - MOVES_SHOWN
        shown.append(tn("… and {n} more; see /schedule.", "… and {n} more; see /schedule.", more))
    if shift.released_presenter is not None:
        shown.append(
            t(
                "{name} no longer has a session to present: volunteer again with /present.",
                name=name_of(shift.released_presenter),
            )
        )
    return tuple(shown)


def still_to_be_decided() -> Text:
    """A session's paper when none is chosen yet, as a line about the session says it."""
    return t("the paper still to be decided")
