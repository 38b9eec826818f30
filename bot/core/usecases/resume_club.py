"""/club resume (admins): plan sessions and posts again after a pause."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import NoOptions
from bot.core.text import t
from bot.core.usecases.pausing import set_paused
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class ResumeClub(NoOptions):
    pass


async def execute(cmd: ResumeClub, ctx: Context, store: Store) -> Notice:
    if not await set_paused(False, ctx, store):
        return Notice(t("The club is not paused."))
    return Notice(t("Resumed: sessions are planned again. See /schedule."), Tone.SUCCESS)


SPEC = CommandSpec(
    "club resume",
    "/club resume",
    "Plan sessions and posts again after a pause.",
    ResumeClub,
    ResumeClub.build,
    execute,
    Store,
    admin=True,
)
