"""Who may run a command where: the channel's club (refused where there is none) and the admin
check, in the words every platform shows."""

from __future__ import annotations

from bot.core.commands.context import Context
from bot.core.domain.clubs import Club
from bot.core.domain.errors import ClubNotSetUp, PermissionDenied
from bot.core.ports import UnitOfWork
from bot.core.text import t


async def require_club(uow: UnitOfWork, ctx: Context) -> Club:
    club = await uow.clubs.get(ctx.club)
    if club is None:
        raise no_club()
    return club


def no_club() -> ClubNotSetUp:
    return ClubNotSetUp(
        t("This channel has no paper club yet."),
        hint=t("An admin can start one here with /club setup."),
    )


def require_admin(ctx: Context, what: str) -> None:
    if not ctx.actor.is_admin:
        raise PermissionDenied(
            t("Only club admins can {what}.", what=what),
            hint=t("Ask someone with the Manage Server permission (or a workspace admin)."),
        )
