"""/papers move N M|top|bottom|up|down: an admin moves paper N to another place in the queue."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values, required
from bot.core.domain.errors import InvalidInput
from bot.core.text import t
from bot.core.usecases import queue_numbers
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
class MovePaper:
    number: int
    to: str  # a number, "top", "bottom"; "up" or "down" one place (the page's buttons)
    paper_id: int | None = None  # the management page's: the paper it showed as `number`

    @classmethod
    def build(cls, values: Values) -> MovePaper:
        return cls(
            required(values.integer("number"), "number"),
            values.text("to") or "",
            values.integer("paper_id"),
        )


def _target(word: str, size: int, now: int) -> int:
    """The place `word` names, in a queue of `size` where the paper is number `now`. The page's
    Up and Down say so rather than a number: a paper that moved since the page was loaded still
    goes one place up from where it is, not to the number beside where it was."""
    word = word.strip().casefold()
    if word in ("top", "first", "1"):
        return 1
    if word in ("bottom", "last", "end"):
        return size
    if word == "up":
        return max(1, now - 1)
    if word == "down":
        return min(size, now + 1)
    if word.isdecimal() and len(word) < 6:
        return max(1, min(int(word), size))
    raise InvalidInput(t("Usage: /papers move N M (a number, or top, bottom, up or down)"))


async def move(cmd: MovePaper, ctx: Context, store: Store) -> Notice:
    async with queue_as_seen(ctx, store) as (uow, club, entries, now):
        entry, shifted = chosen(entries, cmd.number, cmd.paper_id)
        where = entries.index(entry) + 1
        target = _target(cmd.to, len(entries), where)
        if target == where:
            already = t("{paper} is already number {place}.", paper=label(entry), place=target)
            return Notice(already, details=shifted)
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
        details=(*shifted, *kept_note(kept)),
    )


SPEC = CommandSpec(
    "papers move",
    "/papers move N M|top|bottom|up|down",
    "Move paper N to place M of the queue, to the top or bottom, or one place up or down.",
    MovePaper,
    MovePaper.build,
    move,
    Store,
    admin=True,
    options=(
        NUMBER,
        OptionSpec("to", "The new place: a number, top, bottom, up or down", required=True),
        PAPER_ID,
    ),
)
