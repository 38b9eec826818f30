"""/papers [search] [page N]: the club's reading queue in its order, numbered as every queue
command takes it, 25 a page; words search every paper of the club (scheduled and read ones
too) by title, author and tag, accents aside, best match first."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain import search
from bot.core.domain.errors import NotFound
from bot.core.domain.papers import QueueEntry, QueueState
from bot.core.text import t, tn
from bot.core.usecases.club_access import require_club
from bot.core.usecases.queue_numbers import WAITING
from bot.core.views import PaperList, PaperListItem
from bot.core.wording import plural

PAGE = 25
# What a search looks through: the club's papers, whatever became of them, but not the
# suggestions an admin turned down.
SEARCHED = (QueueState.QUEUED, QueueState.SUGGESTED, QueueState.SCHEDULED, QueueState.READ)


@dataclass(frozen=True, slots=True)
class ListPapers:
    query: str | None = None
    page: int = 1

    @classmethod
    def build(cls, values: Values) -> ListPapers:
        words = (values.text("search") or "")[:200].split()
        page = values.integer("page")
        # "/papers page 2", "/papers kaiser page 2": a page named at either end of the words.
        for at in (0, len(words) - 2):
            pair = words[at : at + 2]
            if len(pair) == 2 and pair[0].casefold() == "page" and _number(pair[1]):
                page = page or int(pair[1])
                del words[at : at + 2]
                break
        return cls(" ".join(words) or None, max(page or 1, 1))


def _number(word: str) -> bool:
    return word.isdecimal() and word.isascii() and len(word) <= 6


def _item(entry: QueueEntry, numbers: dict[int, int]) -> PaperListItem:
    paper = entry.paper
    return PaperListItem(
        position=numbers.get(paper.id),
        paper_id=paper.id,
        slug=paper.slug,
        title=paper.title,
        authors=paper.authors_short(),
        year=paper.year,
        state=entry.state.value,
    )


async def execute(cmd: ListPapers, ctx: Context, store: Store) -> PaperList:
    async with store.reader() as uow:
        club = await require_club(uow, ctx)
        entries = await uow.queue.entries(club.id, list(SEARCHED))
    waiting = [e for e in entries if e.state in WAITING]
    numbers = {e.paper.id: n for n, e in enumerate(waiting, start=1)}
    if cmd.query:
        by_id = {e.paper.id: e for e in entries}
        shown = [by_id[p.id] for p in search.search([e.paper for e in entries], cmd.query)]
        title = t("Papers matching '{query}'", query=cmd.query)
        empty = t("Nothing matches. Try a shorter word, an author or a tag.")
        more = f"/papers {cmd.query} page {cmd.page + 1}"
    else:
        shown = waiting
        title = t("Reading queue")
        empty = t("The queue is empty. Suggest a paper with /suggest.")
        more = f"/papers page {cmd.page + 1}"
    pages = max(1, -(-len(shown) // PAGE))
    if cmd.page > pages:
        raise NotFound(
            tn(
                "There is no page {page}: {papers} make {n} page.",
                "There is no page {page}: {papers} make {n} pages.",
                pages,
                page=cmd.page,
                papers=plural(len(shown), "paper"),
            ),
            hint=t("Start from /papers."),
        )
    start = (cmd.page - 1) * PAGE
    items = tuple(_item(e, numbers) for e in shown[start : start + PAGE])
    note = None if items else empty
    if pages > 1:
        note = t("Page {page} of {pages}.", page=cmd.page, pages=pages)
        if cmd.page < pages:
            note = t("Page {page} of {pages}. Next: {more}.", page=cmd.page, pages=pages, more=more)
    return PaperList(title=title, items=items, total=len(shown), query=cmd.query, note=note)


SPEC = CommandSpec(
    "papers",
    "/papers [search] [page N]",
    "The reading queue, 25 a page; add words to search every paper of the club.",
    ListPapers,
    ListPapers.build,
    execute,
    Store,
    private=True,
    options=(
        OptionSpec("search", "Words from a title, an author or a tag", rest=True),
        OptionSpec("page", "Which page of 25", OptionKind.INTEGER),
    ),
)
