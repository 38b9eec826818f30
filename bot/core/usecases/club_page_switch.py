"""/club page on|off|renew|slug (admins): the club's public page, at an address nobody can guess.

`on` makes the address (or says the one there is), `renew` gives a new one (the old one stops
working at once; a chosen name stays), `off` takes the page down and releases its chosen name,
`slug NAME` gives it a name people can type (club_page_slug.py). The page shows the club's
calendar links, so `on` also makes the calendar link if the club has none yet.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Publishing
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.errors import InvalidInput
from bot.core.text import t
from bot.core.usecases.club_access import require_club
from bot.core.usecases.club_page import page_url
from bot.core.usecases.club_page_off import turn_off
from bot.core.usecases.club_page_slug import choose, kept_note
from bot.core.usecases.renew_calendar_link import new_token
from bot.core.views import Notice, Tone

ACTIONS = ("on", "off", "renew", "slug")
USAGE = "/club page [on|off|renew|slug NAME]"


@dataclass(frozen=True, slots=True)
class SwitchClubPage:
    action: str = "on"
    name: str | None = None  # slug's

    @classmethod
    def build(cls, values: Values) -> SwitchClubPage:
        return cls(values.text("action") or "on", values.text("name"))


async def execute(cmd: SwitchClubPage, ctx: Context, links: Publishing) -> Notice:
    if cmd.action == "slug":
        return await choose(cmd.name, ctx, links)
    if cmd.name is not None:
        raise InvalidInput(t("Only /club page slug takes a name."), hint=USAGE)
    if cmd.action == "off":
        return await turn_off(ctx, links)
    async with links.store.uow() as uow:
        club = await require_club(uow, ctx)
        had = club.page_token is not None
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
    kept = kept_note(links.public_base_url, club.page_slug)
    return Notice(lead, Tone.SUCCESS, details=(names,) if kept is None else (kept, names))


SPEC = CommandSpec(
    "club page",
    USAGE,
    "Turn the club's public web page on or off, give it a new address, or name it.",
    SwitchClubPage,
    SwitchClubPage.build,
    execute,
    Publishing,
    admin=True,
    private=True,
    options=(
        OptionSpec("action", "on, off, renew or slug", OptionKind.CHOICE, choices=ACTIONS),
        # `rest`: a name typed with spaces reaches the check whole and is told why it is not one.
        OptionSpec("name", "slug: the page's name (/c/NAME), or clear", rest=True),
    ),
)
