"""/papers mine: a member's own suggestions and what became of them (a rejection's reason too)."""

from __future__ import annotations

from bot.core.commands.context import Context, Store
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import NoOptions
from bot.core.domain.papers import QueueState
from bot.core.text import t
from bot.core.usecases import queue_numbers
from bot.core.usecases.club_access import require_club
from bot.core.views import PaperList, PaperListItem


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
            note=t("turned down: {reason}", reason=e.note)
            if e.state == QueueState.REJECTED and e.note
            else None,
        )
        for e in own
    )
    note = None if items else t("You haven't suggested anything yet: /suggest <link or title>.")
    if any(e.state == QueueState.SUGGESTED for e in own):
        note = t("Withdraw one with /papers withdraw N.")
    return PaperList(t("Your suggestions"), items, len(items), note=note)


SPEC = CommandSpec(
    "papers mine",
    "/papers mine",
    "Your suggestions and what became of them.",
    MySuggestions,
    MySuggestions.build,
    mine,
    Store,
    private=True,
)
