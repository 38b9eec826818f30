"""What an admin's queue edits share: the queue as /papers numbers it, and moving a paper out
of its place without taking one from a session already announced.

Sessions without a fixed paper take the queue's papers in order, so an edit changes which paper
a coming session reads; a session already announced keeps its paper (fixed first, and said so
in the reply).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.domain.clubs import Club
from bot.core.domain.errors import InvalidInput
from bot.core.domain.papers import QueueEntry
from bot.core.planning import sessionplan as planning
from bot.core.ports import UnitOfWork
from bot.core.text import t
from bot.core.usecases import queue_numbers
from bot.core.usecases.club_access import require_club
from bot.core.wording import join_names

NUMBER = OptionSpec("number", "The paper's number in /papers", OptionKind.INTEGER, True)
# The management page names the paper it showed by its id as well as its number: the queue may
# shift between loading the page and pressing a button (a session held, another admin's edit, a
# vote), and the button must act on the paper the admin saw, not on whichever now has that number.
PAPER_ID = OptionSpec(
    "paper_id", "The paper's id (set by the management page)", OptionKind.INTEGER, hidden=True
)


def label(entry: QueueEntry) -> str:
    return f"“{entry.paper.title}”"


def chosen(
    entries: list[QueueEntry], number: int, paper_id: int | None
) -> tuple[QueueEntry, tuple[str, ...]]:
    """The entry an admin chose: the paper `paper_id` wherever it waits now (the management
    page's forms), else the one /papers shows as `number` (chat). With the note to add when the
    paper's number changed since it was shown."""
    if paper_id is None:
        return queue_numbers.at(entries, number), ()
    return queue_numbers.by_id(entries, paper_id, shown=number)


def kept_note(kept: list[str]) -> tuple[str, ...]:
    if not kept:
        return ()
    return (t("Announced, so they keep their paper: {days}.", days=join_names(kept)),)


@asynccontextmanager
async def queue_as_seen(
    ctx: Context, store: Store
) -> AsyncIterator[tuple[UnitOfWork, Club, list[QueueEntry], datetime]]:
    """The club's waiting papers as /papers numbers them, read before anything changes."""
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        await planning.refresh(uow, club, now, store.plan_weeks)
        yield uow, club, await queue_numbers.waiting(uow, club), now


async def take_out(uow: UnitOfWork, club: Club, entry: QueueEntry, now: datetime) -> list[str]:
    """Ready to move `entry` out of its place: announced sessions keep their paper first."""
    await queue_numbers.refuse_open_vote_candidate(uow, club, entry)
    kept = await queue_numbers.keep_announced(uow, club, now)
    still = {e.paper.id for e in await queue_numbers.waiting(uow, club)}
    if kept and entry.paper.id not in still:
        raise InvalidInput(
            t(
                "{paper} is the paper of a session already announced ({days}).",
                paper=label(entry),
                days=join_names(kept),
            ),
            hint=t("It stays; /club skip or /club reschedule that session instead."),
        )
    return kept
