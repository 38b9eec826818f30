"""/club calendar (admins): create, or rotate, the club's private calendar link."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Publishing
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import NoOptions
from bot.core.text import t
from bot.core.usecases.club_access import require_club
from bot.core.usecases.show_schedule import calendar_url
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class RenewCalendarLink(NoOptions):
    pass


def new_token() -> str:
    # 32 random bytes: the link is the only credential, so it must not be guessable.
    return secrets.token_urlsafe(32)


async def execute(cmd: RenewCalendarLink, ctx: Context, links: Publishing) -> Notice:
    async with links.store.uow() as uow:
        club = await require_club(uow, ctx)
        had = club.calendar_token is not None
        club = replace(club, calendar_token=new_token())
        await uow.clubs.update(club)
        await uow.commit()
    url = calendar_url(links.public_base_url, club.calendar_token)
    if url is None:
        export = f"paperclub calendar {club.key}"
        return Notice(
            t("New calendar link created, but this bot has no public address to serve it from.")
            if had
            else t("Calendar link created, but this bot has no public address to serve it from."),
            Tone.WARNING,
            details=(
                t(
                    "Set public_base_url in the configuration, or export the feed with "
                    "`{command}`.",
                    command=export,
                ),
            ),
        )
    return Notice(
        t("New calendar link (the old one stops working): {url}", url=url)
        if had
        else t("Calendar link: {url}", url=url),
        Tone.SUCCESS,
        details=(t("Anyone with the link sees the schedule; /club calendar revoke disables it."),),
    )


SPEC = CommandSpec(
    "club calendar",
    "/club calendar",
    "Create (or renew) the club's calendar link.",
    RenewCalendarLink,
    RenewCalendarLink.build,
    execute,
    Publishing,
    admin=True,
    private=True,
)
