"""/papers withdraw N: a member withdraws their own suggestion (its number in /papers)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values, required
from bot.core.domain.errors import PermissionDenied
from bot.core.domain.papers import QueueState
from bot.core.text import t
from bot.core.usecases import queue_numbers
from bot.core.usecases.club_access import require_club
from bot.core.usecases.queue_edits import NUMBER
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class WithdrawSuggestion:
    number: int

    @classmethod
    def build(cls, values: Values) -> WithdrawSuggestion:
        return cls(required(values.integer("number"), "number"))


async def withdraw(cmd: WithdrawSuggestion, ctx: Context, store: Store) -> Notice:
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        entry = queue_numbers.at(await queue_numbers.waiting(uow, club), cmd.number)
        if entry.state != QueueState.SUGGESTED or entry.suggested_by != ctx.actor.member:
            raise PermissionDenied(
                t("“{title}” is not your suggestion.", title=entry.paper.title),
                hint=t("See yours with /papers mine."),
            )
        await queue_numbers.refuse_open_vote_candidate(uow, club, entry)
        await uow.queue.remove(club.id, entry.paper.id)
        await uow.commit()
    return Notice(
        t("You withdrew your suggestion “{title}”.", title=entry.paper.title), Tone.SUCCESS
    )


SPEC = CommandSpec(
    "papers withdraw",
    "/papers withdraw N",
    "Withdraw your own suggestion N (its number in /papers).",
    WithdrawSuggestion,
    WithdrawSuggestion.build,
    withdraw,
    Store,
    private=True,
    options=(NUMBER,),
)
