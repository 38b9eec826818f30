"""/papers unread PAPER: an admin puts a paper the club read back at the end of the queue."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values, required
from bot.core.domain import search
from bot.core.domain.errors import NotFound
from bot.core.domain.papers import QueueState
from bot.core.text import t
from bot.core.usecases import queue_numbers
from bot.core.usecases.queue_edits import label, queue_as_seen
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class MarkUnread:
    paper: str

    @classmethod
    def build(cls, values: Values) -> MarkUnread:
        return cls(required(values.text("paper"), "paper"))


async def mark_unread(cmd: MarkUnread, ctx: Context, store: Store) -> Notice:
    async with queue_as_seen(ctx, store) as (uow, club, _, _now):
        read = await uow.queue.entries(club.id, [QueueState.READ])
        found = search.search([e.paper for e in read], cmd.paper, limit=1)
        if not found:
            raise NotFound(
                t("The club has read no paper matching “{query}”.", query=cmd.paper[:60]),
                hint=t("See what it read with /schedule past."),
            )
        entry = next(e for e in read if e.paper.id == found[0].id)
        await uow.queue.set_state(club.id, entry.paper.id, QueueState.QUEUED)
        others = [e for e in await queue_numbers.waiting(uow, club) if e.paper.id != entry.paper.id]
        order = [*others, entry]
        await uow.queue.reorder(club.id, [e.paper.id for e in order])
        await uow.commit()
    place = len(order)
    return Notice(
        t("{paper} is back in the queue, at number {place}.", paper=label(entry), place=place),
        Tone.SUCCESS,
        details=(t("Move it with /papers move."),),
    )


SPEC = CommandSpec(
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
