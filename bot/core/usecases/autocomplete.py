"""Suggestions while a member types an option: paper titles and time zones."""

from __future__ import annotations

from bot.core.commands.context import Context, Store
from bot.core.commands.options import OptionKind
from bot.core.domain import search
from bot.core.domain.errors import PaperclubError
from bot.core.domain.papers import Paper, QueueState
from bot.core.planning.calendar import suggest_zones
from bot.core.usecases import paper_refs
from bot.core.views import Choice

# Discord shows at most 25 suggestions and Slack 100; 25 suits both.
LIMIT = 25
_LABEL = 100  # Discord's limit on a choice's name


def _clip(text: str) -> str:
    return text if len(text) <= _LABEL else text[: _LABEL - 1] + "…"


async def complete(kind: OptionKind, text: str, ctx: Context, store: Store) -> list[Choice]:
    """Ranked suggestions for `text`; never raises for odd input, returns [] instead."""
    text = text[:200]
    if kind == OptionKind.TIMEZONE:
        return [Choice(zone, zone) for zone in suggest_zones(text, LIMIT)]
    if kind != OptionKind.PAPER:
        return []
    async with store.uow() as uow:
        club = await uow.clubs.get(ctx.club)
        if club is not None and paper_refs.is_number(text.strip()):
            # A number is the paper /papers shows with it, never digits to match in titles.
            try:
                named = await paper_refs.find_paper(uow, club, text)
            except PaperclubError:
                return []
            return [_choice(named)]
        if club is not None:
            states = [QueueState.QUEUED, QueueState.SUGGESTED, QueueState.SCHEDULED]
            papers = [e.paper for e in await uow.queue.entries(club.id, states)]
        else:
            papers = await uow.papers.shipped()
    found = search.search(papers, text, LIMIT) if text.strip() else papers[:LIMIT]
    return [_choice(p) for p in found]


def _choice(p: Paper) -> Choice:
    return Choice(_clip(f"{p.title} ({p.year})" if p.year else p.title), p.slug)
