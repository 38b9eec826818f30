"""A member's home page: for each club of the workspace they may see, this week's paper, the
open vote with their own ballot, the next sessions and their stats.

The page is seen by everyone in the workspace, so it shows only clubs in public channels: a
private channel's paper and schedule are for its members. A channel the platform can't vouch
for counts as private.
"""

from __future__ import annotations

from collections.abc import Awaitable
from contextlib import suppress

from bot.core.commands.context import Context, Publishing
from bot.core.domain.errors import PaperclubError
from bot.core.domain.ids import Actor
from bot.core.ports import ChannelPrivacy
from bot.core.usecases import show_paper, show_poll, show_schedule, stats
from bot.core.usecases.answer_language import answer_language
from bot.core.usecases.ballot_commands import ShowPoll
from bot.core.usecases.show_paper import ShowPaper
from bot.core.usecases.show_schedule import ShowSchedule
from bot.core.usecases.stats import ShowStats
from bot.core.views import ErrorView, HomeSection, HomeView, View

MAX_CLUBS = 3
SESSIONS = 3


async def _or_error(work: Awaitable[View]) -> View:
    try:
        return await work
    except PaperclubError as exc:
        return ErrorView(exc.message, exc.hint)


async def _section(ctx: Context, links: Publishing) -> list[View]:
    store = links.store
    views = [await _or_error(show_paper.execute(ShowPaper(), ctx, store))]
    with suppress(PaperclubError):  # "no vote is open" is no news on a home page
        views.append(await show_poll.execute(ShowPoll(), ctx, store))
    views.append(await _or_error(show_schedule.execute(ShowSchedule(SESSIONS), ctx, links)))
    views.append(await _or_error(stats.execute(ShowStats(), ctx, store)))
    return views


async def home_summary(
    actor: Actor,
    workspace_id: str,
    privacy: ChannelPrivacy,
    links: Publishing,
    locale: str | None = None,
) -> HomeView:
    """`actor`'s home page in their workspace (on their platform). The page is the member's
    alone, so each club speaks as in a private answer: the member's `locale` where it allows;
    the page's own words in its first club's language (the member's where there is none)."""
    async with links.store.reader() as uow:
        clubs = await uow.clubs.in_workspace(actor.member.platform, workspace_id)
    sections: list[HomeSection] = []
    for club in clubs:
        if len(sections) == MAX_CLUBS:
            break
        if await privacy.is_private(club.key.channel_id) is not False:
            continue
        views = await _section(Context(club.key, actor, locale=locale), links)
        language = answer_language(club.settings, locale, private=True)
        sections.append(HomeSection(club.name, club.key.channel_id, tuple(views), language))
    first = sections[0].language if sections else answer_language(None, locale, private=True)
    return HomeView(tuple(sections), first)
