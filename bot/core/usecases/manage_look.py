"""Looking at a /club manage link without using it: a chat app's link preview fetches the link,
and that must not spend it. It says whose link it is and in which club's language to answer,
also for a used or expired one."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Store
from bot.core.domain.sign_ins import Redeemed, digest
from bot.core.usecases.manage_sign_in import TOKEN


@dataclass(frozen=True, slots=True)
class Looked:
    """What a link would do, looked at without using it."""

    status: Redeemed
    who: str | None  # whose link it is, while it works
    language: str | None  # the club's, when the link is known


async def look(token: str, store: Store) -> Looked:
    """What the link would do, using nothing up (a link preview's GET must not spend it), and
    whose it is."""
    if not TOKEN.match(token):
        return Looked(Redeemed.UNKNOWN, None, None)
    async with store.reader() as uow:
        status, link = await uow.sign_ins.redeem(digest(token), store.clock.now(), use=False)
        club = await uow.clubs.get_by_id(link.club_id) if link is not None else None
    who = link.display_name if link is not None and status is Redeemed.OK else None
    return Looked(status, who, club.settings.language if club is not None else None)
