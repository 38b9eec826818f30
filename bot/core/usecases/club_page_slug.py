"""/club page slug NAME (admins): the club's page also at /c/NAME, a name people can type.

The secret address keeps working beside it. The name is released when the admin clears it
(`/club page slug clear`), chooses another, or turns the page off; `/club page renew` keeps
it, since renewing is for a secret address that leaked, and a chosen name was public from the
start. Which names are names is decided in bot/core/domain/page_slugs.py, and whose a name is
by the database's UNIQUE constraint (`SlugTaken`).
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.commands.context import Context, Publishing
from bot.core.domain.errors import Conflict, InvalidInput
from bot.core.domain.page_slugs import CLEAR_WORDS, EXAMPLE, MAX_INPUT, checked, normalised
from bot.core.text import Text, t
from bot.core.usecases.club_access import require_club
from bot.core.usecases.club_page import slug_url
from bot.core.views import Notice, Tone


def wants_clearing(raw: str) -> bool:
    return len(raw) <= MAX_INPUT and normalised(raw) in CLEAR_WORDS


async def choose(name: str | None, ctx: Context, links: Publishing) -> Notice:
    if not name or not name.strip():
        raise InvalidInput(
            t("Name the page: /club page slug NAME (like {example}).", example=EXAMPLE),
            hint=t("/club page slug clear releases the name."),
        )
    if wants_clearing(name):
        return await _clear(ctx, links)
    slug = checked(name)
    async with links.store.uow() as uow:
        club = await require_club(uow, ctx)
        if club.page_token is None:
            raise Conflict(
                t("The club's page is off, so it has no address to name."),
                hint=t("Turn it on with /club page on, then name it."),
            )
        old = club.page_slug
        if old != slug:
            await uow.clubs.update(replace(club, page_slug=slug))  # SlugTaken: someone's
            await uow.commit()
    details: list[Text] = []
    if old is not None and old != slug:
        details.append(t("The name “{slug}” is free for any club now.", slug=old))
    url = slug_url(links.public_base_url, slug)
    if url is None:
        return Notice(
            t(
                "The club's page is named “{slug}”, but this bot has no public address to "
                "serve it from.",
                slug=slug,
            ),
            Tone.WARNING,
            details=(*details, t("Set public_base_url in the configuration.")),
        )
    details.append(
        t(
            "Its secret address keeps working. /club page slug clear releases the name, and so "
            "does /club page off; /club page renew keeps it."
        )
    )
    return Notice(
        t("The club's page is also at {url}", url=url), Tone.SUCCESS, details=tuple(details)
    )


async def _clear(ctx: Context, links: Publishing) -> Notice:
    async with links.store.uow() as uow:
        club = await require_club(uow, ctx)
        old = club.page_slug
        if old is None:
            return Notice(t("The club's page has no chosen name."), Tone.SUCCESS)
        await uow.clubs.update(replace(club, page_slug=None))
        await uow.commit()
    return Notice(
        t("The name “{slug}” is released; /c/{slug} shows nothing now.", slug=old),
        Tone.SUCCESS,
        details=(t("The page's secret address keeps working."),)
        if club.page_token is not None
        else (),
    )


def kept_note(base_url: str | None, slug: str | None) -> Text | None:
    """What `renew` and `on` say about a chosen name, when the club has one."""
    url = slug_url(base_url, slug)
    if url is None:
        return None
    return t("Its chosen address stays: {url}", url=url)
