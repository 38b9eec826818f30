"""A paper as a member names it: by the number /papers shows it with, or by words.

A bare number is always that number ("/paper 3" is the third paper waiting in the queue), never
an internal id and never words to match: "5" does not find a tagline's "5.5x". Anything else is
searched, the club's papers first, then every paper the bot knows.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.domain import search
from bot.core.domain.clubs import Club
from bot.core.domain.errors import NotFound
from bot.core.domain.papers import Paper
from bot.core.ports import UnitOfWork
from bot.core.text import t
from bot.core.usecases import queue_numbers


def is_number(word: str) -> bool:
    # Any length: a long number is a position no queue has, never digits to look for in text.
    return word.isdecimal() and word.isascii()


async def numbered(uow: UnitOfWork, club: Club, number: int) -> Paper:
    """The paper /papers shows as `number` (the queue commands' own numbering)."""
    return queue_numbers.at(await queue_numbers.waiting(uow, club), number).paper


async def find_paper(
    uow: UnitOfWork, club: Club, query: str, among: Sequence[Paper] | None = None
) -> Paper:
    """The paper `query` names: a number from /papers, else the best match of its words in
    `among` (default: the club's papers, then every known paper)."""
    query = " ".join(query.split())
    if is_number(query):
        if len(query) > 9:  # no queue is that long, and int() refuses 4,300 digits and more
            raise NotFound(
                t("The queue has no paper {number}.", number=query[:20]),
                hint=t("See the numbers with /papers."),
            )
        return await numbered(uow, club, int(query))
    if among is not None:
        found = search.search(among, query, limit=1)
    else:
        mine = [entry.paper for entry in await uow.queue.entries(club.id)]
        found = search.search(mine, query, limit=1) or search.search(
            await uow.papers.all(), query, limit=1
        )
    if not found:
        raise NotFound(
            t("No paper matches “{query}”.", query=query[:80]),
            hint=t("Try /papers with a word from the title, an author or a tag."),
        )
    return found[0]
