"""Suggestions: a member withdraws their own (/papers withdraw N), an admin turns one down with
a reason the member is shown (/papers reject N REASON), and /papers mine lists a member's own."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import NoOptions, Values, required
from bot.core.domain.errors import Conflict, InvalidInput, PermissionDenied
from bot.core.domain.papers import QueueState
from bot.core.usecases import queue_numbers
from bot.core.usecases.common import require_club
from bot.core.usecases.queue_edits import NUMBER
from bot.core.views import Notice, PaperList, PaperListItem, Tone

REASON_LIMIT = 300


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
                f"“{entry.paper.title}” is not your suggestion.",
                hint="See yours with /papers mine.",
            )
        await queue_numbers.refuse_open_vote_candidate(uow, club, entry)
        await uow.queue.remove(club.id, entry.paper.id)
        await uow.commit()
    return Notice(f"You withdrew your suggestion “{entry.paper.title}”.", Tone.SUCCESS)


@dataclass(frozen=True, slots=True)
class RejectSuggestion:
    number: int
    reason: str

    @classmethod
    def build(cls, values: Values) -> RejectSuggestion:
        return cls(required(values.integer("number"), "number"), values.text("reason") or "")


async def reject(cmd: RejectSuggestion, ctx: Context, store: Store) -> Notice:
    reason = " ".join(cmd.reason.split())
    if not reason:
        raise InvalidInput(
            "Say why, so the member knows: /papers reject N REASON.",
            hint="e.g. /papers reject 5 we read it last year",
        )
    if len(reason) > REASON_LIMIT:
        raise InvalidInput(f"Keep the reason under {REASON_LIMIT} characters.")
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        entry = queue_numbers.at(await queue_numbers.waiting(uow, club), cmd.number)
        if entry.state != QueueState.SUGGESTED:
            raise Conflict(
                f"“{entry.paper.title}” is in the reading queue, not a suggestion.",
                hint="Take it out with /papers remove.",
            )
        await queue_numbers.refuse_open_vote_candidate(uow, club, entry)
        await uow.queue.set_state(club.id, entry.paper.id, QueueState.REJECTED, note=reason)
        names = await uow.members.display_names([entry.suggested_by] if entry.suggested_by else [])
        await uow.commit()
    who = names.get(entry.suggested_by, "the member") if entry.suggested_by else "the member"
    return Notice(
        f"Turned down “{entry.paper.title}”.",
        Tone.SUCCESS,
        details=(f"{who} sees your reason with /papers mine.",),
    )


class MySuggestions(NoOptions):
    pass


async def mine(cmd: MySuggestions, ctx: Context, store: Store) -> PaperList:
    async with store.reader() as uow:
        club = await require_club(uow, ctx)
        everything = await uow.queue.entries(club.id)
    numbers = {
        e.paper.id: n
        for n, e in enumerate((e for e in everything if e.state in queue_numbers.WAITING), start=1)
    }
    own = [e for e in everything if e.suggested_by == ctx.actor.member]
    items = tuple(
        PaperListItem(
            position=numbers.get(e.paper.id),
            paper_id=e.paper.id,
            slug=e.paper.slug,
            title=e.paper.title,
            authors=e.paper.authors_short(),
            year=e.paper.year,
            state=e.state.value,
            note=f"turned down: {e.note}" if e.state == QueueState.REJECTED and e.note else None,
        )
        for e in own
    )
    note = None if items else "You haven't suggested anything yet: /suggest <link or title>."
    if any(e.state == QueueState.SUGGESTED for e in own):
        note = "Withdraw one with /papers withdraw N."
    return PaperList("Your suggestions", items, len(items), note=note)


WITHDRAW = CommandSpec(
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
REJECT = CommandSpec(
    "papers reject",
    "/papers reject N REASON",
    "Turn down suggestion N, saying why (the member sees the reason).",
    RejectSuggestion,
    RejectSuggestion.build,
    reject,
    Store,
    admin=True,
    private=True,
    options=(
        NUMBER,
        OptionSpec("reason", "Why, in a few words", required=True, rest=True),
    ),
)
MINE = CommandSpec(
    "papers mine",
    "/papers mine",
    "Your suggestions and what became of them.",
    MySuggestions,
    MySuggestions.build,
    mine,
    Store,
    private=True,
)
