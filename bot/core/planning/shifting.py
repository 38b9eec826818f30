"""Skipping a week, and taking the skip back, without separating a paper from its presenter.

The sessions after a skipped one each take the paper and presenter of the one before: a vote
winner moves to the next week, a queued paper comes a week later (the queue shifts by itself,
so "next in the queue" already means that), and whoever prepared it presents it when it is read.
Sessions the channel was told about keep theirs (their paper was fixed when announced) and are
passed by. What falls off the end of the plan is released: its fixed paper goes back to the
queue, its presenter is free, and the caller tells them. Unskip is the exact inverse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.core.domain.ids import MemberKey
from bot.core.domain.sessions import Session, SessionStatus


@dataclass(frozen=True, slots=True)
class Shift:
    updated: tuple[Session, ...]  # every session whose row changes, in order
    released_paper: int | None = None  # a fixed paper no session holds any more
    released_presenter: MemberKey | None = None


def _slot(session: Session) -> tuple[int | None, MemberKey | None, str | None]:
    # A presenter named by an imported meeting log travels with the paper like a member does.
    return session.paper_id, session.presenter, session.presenter_name


def _with(session: Session, slot: tuple[int | None, MemberKey | None, str | None]) -> Session:
    return replace(session, paper_id=slot[0], presenter=slot[1], presenter_name=slot[2])


def skip_shift(skipped: Session, later: Sequence[Session]) -> Shift:
    """`later`: the planned, unannounced sessions after `skipped`, in order."""
    carry = _slot(skipped)
    updated = [_with(replace(skipped, status=SessionStatus.SKIPPED), (None, None, None))]
    for session in later:
        here = _slot(session)
        if here != carry:
            updated.append(_with(session, carry))
        carry = here
    return Shift(tuple(updated), carry[0], carry[1])


def unskip_shift(restored: Session, later: Sequence[Session]) -> Shift:
    """Undo `skip_shift`: `restored` takes the next session's paper and presenter, and so on;
    the last of `later` is left without a fixed paper or presenter."""
    chain = [replace(restored, status=SessionStatus.PLANNED), *later]
    updated: list[Session] = []
    for here, following in zip(chain, [*chain[1:], None], strict=True):
        slot = _slot(following) if following is not None else (None, None, None)
        if here is chain[0] or _slot(here) != slot:
            updated.append(_with(here, slot))
    return Shift(tuple(updated))
