"""The numbers /papers shows: a paper's place among the papers waiting their turn (queued and
suggested, in reading order). Every command that takes a queue number reads it here, so the
number a member types is the one they saw."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bot.core.domain.clubs import Club
from bot.core.domain.errors import Conflict, NotFound
from bot.core.domain.outbox import OutboxStatus, PostKind
from bot.core.domain.papers import QueueEntry, QueueState
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.ports import UnitOfWork
from bot.core.text import t
from bot.core.usecases.session_refs import session_label

WAITING = (QueueState.QUEUED, QueueState.SUGGESTED)


async def waiting(uow: UnitOfWork, club: Club) -> list[QueueEntry]:
    """The papers waiting their turn, numbered from 1 in this order."""
    return await uow.queue.entries(club.id, list(WAITING))


def at(entries: list[QueueEntry], number: int) -> QueueEntry:
    """The entry /papers shows as `number`."""
    if not entries:
        raise NotFound(t("The queue is empty."), hint=t("Suggest a paper with /suggest."))
    if not 1 <= number <= len(entries):
        raise NotFound(
            t(
                "The queue has no paper {number}; it is numbered 1 to {last}.",
                number=number,
                last=len(entries),
            ),
            hint=t("See the numbers with /papers."),
        )
    return entries[number - 1]


def by_id(
    entries: list[QueueEntry], paper_id: int, shown: int
) -> tuple[QueueEntry, tuple[str, ...]]:
    """The waiting entry of paper `paper_id`, which a page showed as number `shown`, and a note
    saying where it is now when the queue shifted since. A paper no longer waiting here
    (scheduled, removed, or not this club's) is refused, so nothing else is changed instead."""
    for number, entry in enumerate(entries, start=1):
        if entry.paper.id == paper_id:
            if number == shown:
                return entry, ()
            return entry, (
                t(
                    "The queue changed after your page was loaded: “{title}” was number "
                    "{shown} there, and number {number} just before this change.",
                    title=entry.paper.title,
                    shown=shown,
                    number=number,
                ),
            )
    raise NotFound(
        t(
            "That paper is no longer waiting in the queue: it was scheduled or removed "
            "meanwhile. Nothing was changed."
        ),
        hint=t("The page now shows the queue as it is."),
    )


async def refuse_open_vote_candidate(uow: UnitOfWork, club: Club, entry: QueueEntry) -> None:
    """A paper members are voting on stays where it is until the vote is over."""
    poll = await uow.polls.open_for(club.id)
    if poll is not None and entry.paper.id in poll.candidates:
        raise Conflict(
            t("“{title}” is a candidate in the open vote.", title=entry.paper.title),
            hint=t("Change it once the vote is closed (/vote close)."),
        )


async def keep_announced(uow: UnitOfWork, club: Club, now: datetime) -> list[str]:
    """Fix the paper of each upcoming session whose announcement went out, so changing the
    queue never changes a paper members were told about. Returns those sessions' labels."""
    # An upcoming session's announcement is due at most `announce_before` before now.
    since = now - timedelta(minutes=club.settings.announce_before_minutes)
    sent = {
        e.session_id
        for e in await uow.outbox.entries(club.id, since=since)
        if e.kind == PostKind.ANNOUNCEMENT and e.status == OutboxStatus.SENT
    }
    if not sent:
        return []
    kept: list[str] = []
    for planned in await planning.upcoming(uow, club, now):
        session = planned.session
        if session.id not in sent or session.status != SessionStatus.PLANNED:
            continue
        kept.append(session_label(session, club))
        if session.paper_id is None and planned.paper is not None:
            await fix_paper(uow, club, session, planned.paper.id)
    return kept


async def fix_paper(uow: UnitOfWork, club: Club, session: Session, paper_id: int) -> None:
    """Make `paper_id` the session's paper; a paper fixed there before waits its turn again."""
    if session.paper_id is not None and session.paper_id != paper_id:
        await uow.queue.set_state(club.id, session.paper_id, QueueState.QUEUED)
    await uow.sessions.update(replace(session, paper_id=paper_id))
    await uow.queue.set_state(club.id, paper_id, QueueState.SCHEDULED)
