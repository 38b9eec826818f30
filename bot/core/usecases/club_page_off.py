"""/club page off (admins): the page's secret address and its chosen name stop working at once,
and the name is free for any club."""

from __future__ import annotations

from dataclasses import replace

from bot.core.commands.context import Context, Publishing
from bot.core.text import t
from bot.core.usecases.club_access import require_club
from bot.core.views import Notice, Tone


async def turn_off(ctx: Context, links: Publishing) -> Notice:
    async with links.store.uow() as uow:
        club = await require_club(uow, ctx)
        had, released = club.page_token is not None, club.page_slug
        if had or released:
            await uow.clubs.update(replace(club, page_token=None, page_slug=None))
            await uow.commit()
    return Notice(
        t("The club's page is off; its address shows nothing now.")
        if had
        else t("The club's page was already off."),
        Tone.SUCCESS,
        details=(t("The name “{slug}” is free for any club now.", slug=released),)
        if released
        else (),
    )
