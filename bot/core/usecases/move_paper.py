"""/papers move N M|top: an admin moves paper N to another place in the queue."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values, required
from bot.core.domain.errors import InvalidInput
from bot.core.text import t
from bot.core.usecases import queue_numbers
from bot.core.usecases.queue_edits import NUMBER, kept_note, label, queue_as_seen, take_out
from bot.core.views import Notice, Tone


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
    raise InvalidInput(t("Usage: /papers move N M (a number, or top or bottom)"))


async def move(cmd: MovePaper, ctx: Context, store: Store) -> Notice:
    async with queue_as_seen(ctx, store) as (uow, club, entries, now):
        entry = queue_numbers.at(entries, cmd.number)
        target = _target(cmd.to, len(entries))
        if target == cmd.number:
            return Notice(t("{paper} is already number {place}.", paper=label(entry), place=target))
        kept = await take_out(uow, club, entry, now)
        # Placed in the list the member saw; papers fixed to announced sessions since left it.
        seen = [e for e in entries if e.paper.id != entry.paper.id]
        seen.insert(target - 1, entry)
        still = {e.paper.id for e in await queue_numbers.waiting(uow, club)}
        order = [e for e in seen if e.paper.id in still]
        await uow.queue.reorder(club.id, [e.paper.id for e in order])
        await uow.commit()
    place = order.index(entry) + 1
    return Notice(
        t("Moved {paper} to number {place} of the queue.", paper=label(entry), place=place),
        Tone.SUCCESS,
        details=kept_note(kept),
    )


SPEC = CommandSpec(
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
