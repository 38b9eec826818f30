"""/papers remove N: an admin takes paper N (its number in /papers) out of the queue."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values, required
from bot.core.text import t
from bot.core.usecases.queue_edits import (
    NUMBER,
    PAPER_ID,
    chosen,
    kept_note,
    label,
    queue_as_seen,
    take_out,
)
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class RemovePaper:
    number: int
    paper_id: int | None = None  # the management page's: the paper it showed as `number`

    @classmethod
    def build(cls, values: Values) -> RemovePaper:
        return cls(required(values.integer("number"), "number"), values.integer("paper_id"))


async def remove(cmd: RemovePaper, ctx: Context, store: Store) -> Notice:
    async with queue_as_seen(ctx, store) as (uow, club, entries, now):
        entry, shifted = chosen(entries, cmd.number, cmd.paper_id)
        kept = await take_out(uow, club, entry, now)
        await uow.queue.remove(club.id, entry.paper.id)
        await uow.commit()
    return Notice(
        t("Removed {paper} from the queue.", paper=label(entry)),
        Tone.SUCCESS,
        details=(t("The papers after it move up one."), *shifted, *kept_note(kept)),
    )


SPEC = CommandSpec(
    "papers remove",
    "/papers remove N",
    "Take paper N (its number in /papers) out of the queue.",
    RemovePaper,
    RemovePaper.build,
    remove,
    Store,
    admin=True,
    options=(NUMBER, PAPER_ID),
)
