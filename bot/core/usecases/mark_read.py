"""/papers read N: an admin marks paper N as read (the club read it without the bot), and it
leaves the queue."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values, required
from bot.core.domain.papers import QueueState
from bot.core.text import t
from bot.core.usecases import queue_numbers
from bot.core.usecases.queue_edits import NUMBER, kept_note, label, queue_as_seen, take_out
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class MarkRead:
    number: int

    @classmethod
    def build(cls, values: Values) -> MarkRead:
        return cls(required(values.integer("number"), "number"))


async def mark_read(cmd: MarkRead, ctx: Context, store: Store) -> Notice:
    async with queue_as_seen(ctx, store) as (uow, club, entries, now):
        entry = queue_numbers.at(entries, cmd.number)
        kept = await take_out(uow, club, entry, now)
        await uow.queue.set_state(club.id, entry.paper.id, QueueState.READ)
        await uow.commit()
    return Notice(
        t("Marked {paper} as read; it left the queue.", paper=label(entry)),
        Tone.SUCCESS,
        details=(t("Put it back with /papers unread."), *kept_note(kept)),
    )


SPEC = CommandSpec(
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
