"""An admin's changes to the reading queue, by the numbers /papers shows:
/papers remove N, /papers move N M|top, /papers read N and /papers unread PAPER.

Sessions without a fixed paper take the queue's papers in order, so a change here changes
which paper a coming session reads; a session already announced keeps its paper (fixed first,
and said so in the reply).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values, required
from bot.core.domain import search
from bot.core.domain.clubs import Club
from bot.core.domain.errors import InvalidInput, NotFound
from bot.core.domain.papers import QueueEntry, QueueState
from bot.core.planning import sessionplan as planning
from bot.core.ports import UnitOfWork
from bot.core.usecases import queue_numbers
from bot.core.usecases.common import require_club
from bot.core.views import Notice, Tone

NUMBER = OptionSpec("number", "The paper's number in /papers", OptionKind.INTEGER, True)


def _label(entry: QueueEntry) -> str:
    return f"“{entry.paper.title}”"


def _kept_note(kept: list[str]) -> tuple[str, ...]:
    if not kept:
        return ()
    return (f"Announced, so they keep their paper: {', '.join(kept)}.",)


@asynccontextmanager
async def _queue(
    ctx: Context, store: Store
) -> AsyncIterator[tuple[UnitOfWork, Club, list[QueueEntry], datetime]]:
    """The club's waiting papers as /papers numbers them, read before anything changes."""
    now = store.clock.now()
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        await planning.refresh(uow, club, now, store.plan_weeks)
        yield uow, club, await queue_numbers.waiting(uow, club), now


async def _take(uow: UnitOfWork, club: Club, entry: QueueEntry, now: datetime) -> list[str]:
    """Ready to move `entry` out of its place: announced sessions keep their paper first."""
    await queue_numbers.refuse_open_vote_candidate(uow, club, entry)
    kept = await queue_numbers.keep_announced(uow, club, now)
    still = {e.paper.id for e in await queue_numbers.waiting(uow, club)}
    if kept and entry.paper.id not in still:
        raise InvalidInput(
            f"{_label(entry)} is the paper of a session already announced ({', '.join(kept)}).",
            hint="It stays; /club skip or /club reschedule that session instead.",
        )
    return kept


@dataclass(frozen=True, slots=True)
class RemovePaper:
    number: int

    @classmethod
    def build(cls, values: Values) -> RemovePaper:
        return cls(required(values.integer("number"), "number"))


async def remove(cmd: RemovePaper, ctx: Context, store: Store) -> Notice:
    async with _queue(ctx, store) as (uow, club, entries, now):
        entry = queue_numbers.at(entries, cmd.number)
        kept = await _take(uow, club, entry, now)
        await uow.queue.remove(club.id, entry.paper.id)
        await uow.commit()
    return Notice(
        f"Removed {_label(entry)} from the queue.",
        Tone.SUCCESS,
        details=("The papers after it move up one.", *_kept_note(kept)),
    )


@dataclass(frozen=True, slots=True)
class MovePaper:
    number: int
    to: str  # a number, or "top"

    @classmethod
    def build(cls, values: Values) -> MovePaper:
        return cls(required(values.integer("number"), "number"), values.text("to") or "")


def _target(word: str, size: int) -> int:
    word = word.strip().casefold()
    if word in ("top", "first", "1"):
        return 1
    if word in ("bottom", "last", "end"):
        return size
    if word.isdecimal() and len(word) < 6:
        return max(1, min(int(word), size))
    raise InvalidInput("Usage: /papers move N M (a number, or top or bottom)")


async def move(cmd: MovePaper, ctx: Context, store: Store) -> Notice:
    async with _queue(ctx, store) as (uow, club, entries, now):
        entry = queue_numbers.at(entries, cmd.number)
        target = _target(cmd.to, len(entries))
        if target == cmd.number:
            return Notice(f"{_label(entry)} is already number {target}.")
        kept = await _take(uow, club, entry, now)
        # Placed in the list the member saw; papers fixed to announced sessions since left it.
        seen = [e for e in entries if e.paper.id != entry.paper.id]
        seen.insert(target - 1, entry)
        still = {e.paper.id for e in await queue_numbers.waiting(uow, club)}
        order = [e for e in seen if e.paper.id in still]
        await uow.queue.reorder(club.id, [e.paper.id for e in order])
        await uow.commit()
    place = order.index(entry) + 1
    return Notice(
        f"Moved {_label(entry)} to number {place} of the queue.",
        Tone.SUCCESS,
        details=_kept_note(kept),
    )


@dataclass(frozen=True, slots=True)
class MarkRead:
    number: int

    @classmethod
    def build(cls, values: Values) -> MarkRead:
        return cls(required(values.integer("number"), "number"))


async def mark_read(cmd: MarkRead, ctx: Context, store: Store) -> Notice:
    async with _queue(ctx, store) as (uow, club, entries, now):
        entry = queue_numbers.at(entries, cmd.number)
        kept = await _take(uow, club, entry, now)
        await uow.queue.set_state(club.id, entry.paper.id, QueueState.READ)
        await uow.commit()
    return Notice(
        f"Marked {_label(entry)} as read; it left the queue.",
        Tone.SUCCESS,
        details=("Put it back with /papers unread.", *_kept_note(kept)),
    )


@dataclass(frozen=True, slots=True)
class MarkUnread:
    paper: str

    @classmethod
    def build(cls, values: Values) -> MarkUnread:
        return cls(required(values.text("paper"), "paper"))


async def mark_unread(cmd: MarkUnread, ctx: Context, store: Store) -> Notice:
    async with _queue(ctx, store) as (uow, club, _, _now):
        read = await uow.queue.entries(club.id, [QueueState.READ])
        found = search.search([e.paper for e in read], cmd.paper, limit=1)
        if not found:
            raise NotFound(
                f"The club has read no paper matching {cmd.paper[:60]!r}.",
                hint="See what it read with /schedule past.",
            )
        entry = next(e for e in read if e.paper.id == found[0].id)
        await uow.queue.set_state(club.id, entry.paper.id, QueueState.QUEUED)
        others = [e for e in await queue_numbers.waiting(uow, club) if e.paper.id != entry.paper.id]
        order = [*others, entry]
        await uow.queue.reorder(club.id, [e.paper.id for e in order])
        await uow.commit()
    place = len(order)
    return Notice(
        f"{_label(entry)} is back in the queue, at number {place}.",
        Tone.SUCCESS,
        details=("Move it with /papers move.",),
    )


REMOVE = CommandSpec(
    "papers remove",
    "/papers remove N",
    "Take paper N (its number in /papers) out of the queue.",
    RemovePaper,
    RemovePaper.build,
    remove,
    Store,
    admin=True,
    options=(NUMBER,),
)
MOVE = CommandSpec(
    "papers move",
    "/papers move N M|top",
    "Move paper N to place M of the queue (or to the top).",
    MovePaper,
    MovePaper.build,
    move,
    Store,
    admin=True,
    options=(NUMBER, OptionSpec("to", "The new place: a number, top or bottom", required=True)),
)
READ = CommandSpec(
    "papers read",
    "/papers read N",
    "Mark paper N as read (the club read it without the bot); it leaves the queue.",
    MarkRead,
    MarkRead.build,
    mark_read,
    Store,
    admin=True,
    options=(NUMBER,),
)
UNREAD = CommandSpec(
    "papers unread",
    "/papers unread PAPER",
    "Put a paper the club read back at the end of the queue.",
    MarkUnread,
    MarkUnread.build,
    mark_unread,
    Store,
    admin=True,
    options=(
        OptionSpec("paper", "A word of its title, or its id", OptionKind.PAPER, True, rest=True),
    ),
)
