"""/club show: the club's channel and settings (admins only)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import NoOptions
from bot.core.domain.clubs import WEEKDAY_NAMES
from bot.core.usecases.common import require_club
from bot.core.views import ClubView


@dataclass(frozen=True, slots=True)
class ShowClub(NoOptions):
    pass


def _minutes(value: int) -> str:
    if value % (24 * 60) == 0:
        days = value // (24 * 60)
        return f"{days} day{'s' if days != 1 else ''}"
    if value % 60 == 0:
        hours = value // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{value} minutes"


async def execute(cmd: ShowClub, ctx: Context, store: Store) -> ClubView:
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
    s = club.settings
    on_off = {True: "on", False: "off"}
    fields = (
        ("Weekday", WEEKDAY_NAMES[s.weekday]),
        ("Time", f"{s.local_time:%H:%M}"),
        ("Time zone", s.timezone),
        ("Cadence", "weekly" if s.cadence_weeks == 1 else f"every {s.cadence_weeks} weeks"),
        ("Session length", _minutes(s.session_minutes)),
        ("Language", s.language),
        ("Voting method", s.voting_method),
        ("Candidates per vote", str(s.poll_candidates)),
        ("Anonymous votes", on_off[s.anonymous_polls]),
        (
            "Announce",
            f"{_minutes(s.announce_before_minutes)} before ({on_off[s.post_announcement]})",
        ),
        ("Remind", f"{_minutes(s.remind_before_minutes)} before ({on_off[s.post_reminder]})"),
        ("Paused", "yes" if s.paused else "no"),
    )
    return ClubView(name=club.name, channel=str(club.key), fields=fields)


SPEC = CommandSpec(
    "club show",
    "/club show",
    "The club's channel and settings.",
    ShowClub,
    ShowClub.build,
    execute,
    Store,
    admin=True,
    private=True,
)
