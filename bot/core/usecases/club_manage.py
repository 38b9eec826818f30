"""/club manage (admins): a private, single-use link that signs the admin in to the club's
management page for a few minutes.

Only the link's digest is stored, with who asked for it: whoever opens it acts as that admin,
so it is answered privately and works once, within LINK_TTL.

Also the page's edit boxes' limits: what /paper edit checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.core.commands.context import Context, Publishing
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import NoOptions
from bot.core.domain.sign_ins import SignInLink, digest
from bot.core.text import t
from bot.core.usecases import paper_content
from bot.core.usecases.club_access import require_club
from bot.core.usecases.renew_calendar_link import new_token
from bot.core.views import Notice, Tone

LINK_TTL = timedelta(minutes=10)
# The edit boxes' lengths, in characters: what /paper edit takes (prompts one a line).
SUMMARY_LIMIT = paper_content.MAX_SUMMARY
PROMPTS_LIMIT = paper_content.MAX_PROMPTS * (paper_content.MAX_PROMPT + 1)


@dataclass(frozen=True, slots=True)
class EditableText:
    """A paper's summary and prompts as the club has them: what /paper edit replaces."""

    summary: str
    prompts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ManageClub(NoOptions):
    pass


def sign_in_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/manage/sign-in/{token}"


async def execute(cmd: ManageClub, ctx: Context, links: Publishing) -> Notice:
    if not links.public_base_url:
        return Notice(
            t("This bot has no public address, so it has no management page to sign in to."),
            Tone.WARNING,
            details=(t("Set public_base_url in the configuration."),),
        )
    now = links.store.clock.now()
    token = new_token()
    async with links.store.uow() as uow:
        club = await require_club(uow, ctx)
        link = SignInLink(club.id, ctx.actor.member, ctx.actor.display_name, now, now + LINK_TTL)
        await uow.sign_ins.add_link(digest(token), link)
        await uow.commit()
    minutes = int(LINK_TTL.total_seconds() // 60)
    return Notice(
        t(
            "Your sign-in link to the club's management page: {url}",
            url=sign_in_url(links.public_base_url, token),
        ),
        Tone.SUCCESS,
        details=(
            t(
                "It works once, for the next {minutes} minutes, and only for you: "
                "don't share it. /club manage gives a new one.",
                minutes=minutes,
            ),
        ),
    )


SPEC = CommandSpec(
    "club manage",
    "/club manage",
    "A private sign-in link to the club's management page (reorder, pin, edit, assign).",
    ManageClub,
    ManageClub.build,
    execute,
    Publishing,
    admin=True,
    private=True,
)
