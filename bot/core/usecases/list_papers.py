"""/papers [search]: the club's reading queue, searchable by title, author and tag."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain import search
from bot.core.domain.papers import QueueState
from bot.core.usecases.common import require_club
from bot.core.views import PaperList, PaperListItem

PAGE = 25


@dataclass(frozen=True, slots=True)
class ListPapers:
    query: str | None = None

    @classmethod
    def build(cls, values: Values) -> ListPapers:
        return cls(values.text("search"))


async def execute(cmd: ListPapers, ctx: Context, store: Store) -> PaperList:
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        entries = await uow.queue.entries(club.id, [QueueState.QUEUED, QueueState.SUGGESTED])
    positions = {entry.paper.id: (n, entry.state) for n, entry in enumerate(entries, start=1)}
    papers = [entry.paper for entry in entries]
    if cmd.query:
        papers = search.search(papers, cmd.query)
    items = tuple(
        PaperListItem(
            position=positions[p.id][0],
            paper_id=p.id,
            slug=p.slug,
            title=p.title,
            authors=p.authors_short(),
            year=p.year,
            state=positions[p.id][1].value,
        )
        for p in papers[:PAGE]
    )
    if cmd.query:
        title = f"Papers matching {cmd.query!r}"
        note = None if items else "Nothing matches. Try a shorter word, an author or a tag."
    else:
        title = "Reading queue"
        note = None if items else "The queue is empty. Suggest a paper with /suggest."
    if len(papers) > PAGE:
        note = f"Showing {PAGE} of {len(papers)}. Narrow it down with /papers <words>."
    return PaperList(title=title, items=items, total=len(papers), query=cmd.query, note=note)


SPEC = CommandSpec(
    "papers",
    "/papers [search]",
    "The reading queue; add words to search titles, authors and tags.",
    ListPapers,
    ListPapers.build,
    execute,
    Store,
    private=True,
    options=(OptionSpec("search", "Words from a title, an author or a tag", rest=True),),
)
