"""/club calendar [revoke]: create (or rotate) the club's private calendar link, or revoke it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Deps
from bot.core.domain.errors import InvalidInput
from bot.core.usecases.common import require_admin, require_club
from bot.core.usecases.show_schedule import calendar_url
from bot.core.views import Notice, Tone


@dataclass(frozen=True, slots=True)
class ClubCalendar:
    revoke: bool = False


def parse(words: list[str]) -> ClubCalendar:
    if not words:
        return ClubCalendar()
    if len(words) == 1 and words[0].casefold() == "revoke":
        return ClubCalendar(revoke=True)
    raise InvalidInput("Usage: /club calendar [revoke]")


def new_token() -> str:
    # 32 random bytes: the link is the only credential, so it must not be guessable.
    return secrets.token_urlsafe(32)


async def execute(cmd: ClubCalendar, ctx: Context, deps: Deps) -> Notice:
    require_admin(ctx, "manage the calendar link")
    async with deps.uow() as uow:
        club = await require_club(uow, ctx)
        had = club.calendar_token is not None
        club = replace(club, calendar_token=None if cmd.revoke else new_token())
        await uow.clubs.update(club)
        await uow.commit()
    if cmd.revoke:
        text = "The calendar link is revoked." if had else "There was no calendar link."
        return Notice(text, Tone.SUCCESS)
    url = calendar_url(deps.public_base_url, club.calendar_token)
    lead = "New calendar link (the old one stops working)" if had else "Calendar link"
    if url is None:
        return Notice(
            f"{lead} created, but this bot has no public address to serve it from.",
            Tone.WARNING,
            details=(
                "Set public_base_url in the configuration, or export the feed with "
                f"`paperclub calendar {club.key}`.",
            ),
        )
    return Notice(
        f"{lead}: {url}",
        Tone.SUCCESS,
        details=("Anyone with the link sees the schedule; /club calendar revoke disables it.",),
    )
