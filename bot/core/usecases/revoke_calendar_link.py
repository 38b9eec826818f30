"""/club calendar revoke (admins): the club's calendar link stops working."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Store
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import NoOptions
from bot.core.text import t
from bot.core.usecases.club_access import require_club
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class RevokeCalendarLink(NoOptions):
    pass


async def execute(cmd: RevokeCalendarLink, ctx: Context, store: Store) -> Notice:
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
        had = club.calendar_token is not None
        await uow.clubs.update(replace(club, calendar_token=None))
        await uow.commit()
    text = t("The calendar link is revoked.") if had else t("There was no calendar link.")
    return Notice(text, Tone.SUCCESS)


SPEC = CommandSpec(
    "club calendar revoke",
    "/club calendar revoke",
    "Disable the club's calendar link.",
    RevokeCalendarLink,
    RevokeCalendarLink.build,
    execute,
    Store,
    admin=True,
    private=True,
)
