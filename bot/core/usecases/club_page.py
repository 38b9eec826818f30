"""The club's public page: found by its secret token (an indexed digest, like the calendar
feed), by the name an admin chose for it (/c/<slug>), or, for the export, by the club.

What it shows is decided in the core, for every renderer alike (club_page_build.py): the next
session's card, the upcoming schedule (skipped weeks included), the queue, the open vote's
candidates, every past session with how many came and the vote that chose its paper, and the
club's figures. Member names appear only when the club turned `page_names` on; no voter is ever
named (the page only shows counts), so anonymous polls stay anonymous.
"""

from __future__ import annotations

import re

from bot.core.commands.context import Store
from bot.core.domain.ids import ClubKey
from bot.core.domain.page_slugs import looks_like_one
from bot.core.usecases.club_page_build import build
from bot.core.usecases.club_page_view import ClubPage

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


async def by_token(token: str, store: Store, public_base_url: str | None) -> ClubPage | None:
    """The page this token opens; None for anything else, unknown and turned-off alike."""
    if not _TOKEN.match(token):
        return None
    async with store.reader() as uow:
        club = await uow.clubs.by_page_token(token)
        if club is None:
            return None
        return await build(uow, club, store.clock.now(), public_base_url)


async def by_slug(name: str, store: Store, public_base_url: str | None) -> ClubPage | None:
    """The page with this chosen name (any case, full-width too); None for anything else."""
    slug = looks_like_one(name)
    if slug is None:
        return None
    async with store.reader() as uow:
        club = await uow.clubs.by_page_slug(slug)
        if club is None:
            return None
        return await build(uow, club, store.clock.now(), public_base_url)


async def by_club(key: ClubKey, store: Store, public_base_url: str | None) -> ClubPage | None:
    """The page of a club named by its key, whether or not its page is on (the export)."""
    async with store.reader() as uow:
        club = await uow.clubs.get(key)
        if club is None:
            return None
        return await build(uow, club, store.clock.now(), public_base_url)


def page_url(base_url: str | None, token: str | None) -> str | None:
    if not base_url or not token:
        return None
    return f"{base_url.rstrip('/')}/club/{token}"


def slug_url(base_url: str | None, slug: str | None) -> str | None:
    if not base_url or not slug:
        return None
    return f"{base_url.rstrip('/')}/c/{slug}"
