"""/club page on|off|renew (admins): the club's public page, at an address nobody can guess.

`on` makes the address (or says the one there is), `renew` gives a new one (the old one stops
working at once), `off` takes the page down. The page shows the club's calendar links, so `on`
also makes the calendar link if the club has none yet.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Publishing
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.text import t
from bot.core.usecases.club_access import require_club
from bot.core.usecases.club_page import page_url
from bot.core.usecases.renew_calendar_link import new_token
from bot.core.views import Notice, Tone

ACTIONS = ("on", "off", "renew")


@dataclass(frozen=True, slots=True)
class SwitchClubPage:
    action: str = "on"

    @classmethod
    def build(cls, values: Values) -> SwitchClubPage:
        return cls(values.text("action") or "on")


async def execute(cmd: SwitchClubPage, ctx: Context, links: Publishing) -> Notice:
    async with links.store.uow() as uow:
        club = await require_club(uow, ctx)
        had = club.page_token is not None
        if cmd.action == "off":
            if had:
                await uow.clubs.update(replace(club, page_token=None))
                await uow.commit()
            return Notice(
                t("The club's page is off; its address shows nothing now.")
                if had
                else t("The club's page was already off."),
                Tone.SUCCESS,
            )
        if had and cmd.action == "on":
            token = club.page_token
        else:
            token = new_token()
            club = replace(
                club, page_token=token, calendar_token=club.calendar_token or new_token()
            )
            await uow.clubs.update(club)
            await uow.commit()
    url = page_url(links.public_base_url, token)
    renewed = cmd.action == "renew" and had
    if url is None:
        export = f"paperclub export site --club {club.key}"
        lead = (
            t("New page address created, but this bot has no public address to serve it from.")
            if renewed
            else t("The club's page is on, but this bot has no public address to serve it from.")
        )
        return Notice(
            lead,
            Tone.WARNING,
            details=(
                t(
                    "Set public_base_url in the configuration, or export it with `{command}`.",
                    command=export,
                ),
            ),
        )
    lead = (
        t("New page address (the old one stops working): {url}", url=url)
        if renewed
        else t("The club's page is on: {url}", url=url)
    )
    names = (
        t(
            "Anyone with the link sees the schedule, queue and archive; it shows member names "
            "(/club set page_names on|off). /club page renew changes the address, /club page "
            "off takes it down."
        )
        if club.settings.page_show_names
        else t(
            "Anyone with the link sees the schedule, queue and archive; it does not show member "
            "names (/club set page_names on|off). /club page renew changes the address, /club "
            "page off takes it down."
        )
    )
    return Notice(lead, Tone.SUCCESS, details=(names,))


SPEC = CommandSpec(
    "club page",
    "/club page [on|off|renew]",
    "Turn the club's public web page on or off, or give it a new address.",
    SwitchClubPage,
    SwitchClubPage.build,
    execute,
    Publishing,
    admin=True,
    private=True,
    options=(OptionSpec("action", "on, off or renew", OptionKind.CHOICE, choices=ACTIONS),),
)
