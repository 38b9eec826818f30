"""Using a /club manage link only if its admin still is one, as the platform says now.

The link is looked at first (spending nothing), then the platform is asked, then the link is
spent. A "no" spends it (it opens nothing, ever). A platform that cannot answer (down, slow)
fails closed: the sign-in is refused and the link is left unspent, so the same link works once
the platform answers, until it expires; it still opens one session at most, since only the
use after a "yes" (or a "no") spends it and only one use can. The console has no one to ask:
its links keep the rights they were made with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.commands.context import Store
from bot.core.domain.clubs import Club
from bot.core.domain.ids import Platform
from bot.core.domain.sign_ins import Redeemed, SignInLink
from bot.core.ports import AdminCheck


@dataclass(frozen=True, slots=True)
class Unanswered:
    """The platform could not say whether the member is still an admin; nothing was used."""

    platform: Platform


@dataclass(frozen=True, slots=True)
class Used:
    """What using a link came to: Redeemed.OK, or why not (None: not an admin any more)."""

    why: Redeemed | Unanswered | None
    link: SignInLink | None = None
    club: Club | None = None


async def use_if_admin(
    token_digest: str, store: Store, checks: Mapping[Platform, AdminCheck]
) -> Used:
    async with store.reader() as uow:
        status, link = await uow.sign_ins.redeem(token_digest, store.clock.now(), use=False)
        club = await uow.clubs.get_by_id(link.club_id) if link is not None else None
    if status is not Redeemed.OK or link is None:
        return Used(status, link, club)
    if club is None:
        return Used(Redeemed.UNKNOWN)
    check = checks.get(club.key.platform)
    still_admin = True if check is None else await check(club.key, link.member)
    if still_admin is None:
        return Used(Unanswered(club.key.platform), link, club)
    async with store.uow() as uow:
        # Only one of two racing uses gets OK; the other is told the link was used.
        status, used = await uow.sign_ins.redeem(token_digest, store.clock.now())
        await uow.commit()
    if status is Redeemed.OK and not still_admin:
        return Used(None, used, club)
    return Used(status, used, club)
