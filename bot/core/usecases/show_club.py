"""/club show: the club's channel and every setting /club set can change (admins only)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import NoOptions
from bot.core.text import t
from bot.core.usecases.club_access import require_club
from bot.core.usecases.club_settings import SETTINGS
from bot.core.views import ClubView


@dataclass(frozen=True, slots=True)
class ShowClub(NoOptions):
    pass


async def execute(cmd: ShowClub, ctx: Context, store: Store) -> ClubView:
    async with store.uow() as uow:
        club = await require_club(uow, ctx)
    s = club.settings
    # Every setting, worded as /club set echoes it, with the name to change it by: what an
    # admin reads here is what they can type.
    fields = tuple(
        (t("{label} ({setting})", label=setting.label, setting=name), setting.shown(s))
        for name, setting in SETTINGS.items()
    )
    return ClubView(
        name=club.name,
        channel=str(club.key),
        fields=(*fields, (t("Paused"), t("yes (/club resume)") if s.paused else t("no"))),
    )


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
