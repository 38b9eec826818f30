"""/club pause (admins): no sessions and no posts until /club resume; the queue keeps its order."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import NoOptions
from bot.core.text import t
from bot.core.usecases.pausing import set_paused
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class PauseClub(NoOptions):
    pass


async def execute(cmd: PauseClub, ctx: Context, store: Store) -> Notice:
    if not await set_paused(True, ctx, store):
        return Notice(t("The club is already paused."))
    return Notice(
        t("Paused: no sessions and no posts until /club resume. The queue keeps its order."),
        Tone.SUCCESS,
    )


SPEC = CommandSpec(
    "club pause",
    "/club pause",
    "Stop sessions and posts until /club resume.",
    PauseClub,
    PauseClub.build,
    execute,
    Store,
    admin=True,
)
