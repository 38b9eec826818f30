"""What an admin's presenter changes share: finding the member a command names, and
withdrawing the swap requests about a session whose presenter changed."""

from __future__ import annotations

import re

from bot.core.commands.context import Context
from bot.core.commands.options import OptionSpec
from bot.core.domain.errors import Conflict, InvalidInput, NotFound
from bot.core.domain.ids import MemberKey
from bot.core.domain.swaps import SwapStatus
from bot.core.ports import UnitOfWork
from bot.core.text import t

# A mention as the platforms write it in text: Discord <@123> or <@!123>, Slack <@U123|name>.
_MENTION = re.compile(r"<@!?([A-Za-z0-9]{1,32})(?:\|[^>]{0,80})?>")
MEMBER = OptionSpec(
    "member", "The member: a mention or the name they show", required=True, rest=True
)


async def find_member(uow: UnitOfWork, ctx: Context, text: str) -> tuple[MemberKey, str]:
    """The member `text` names (a mention, or a name the bot has seen), and their name."""
    text = text.strip()[:100]
    me = ctx.actor.member
    mention = _MENTION.fullmatch(text)
    if mention:
        member = MemberKey(me.platform, me.workspace_id, mention.group(1))
        names = await uow.members.display_names([member])
        return member, names.get(member) or t("that member")
    name = text.removeprefix("@").strip()
    if not name:
        raise InvalidInput(t("Name the member: a mention or the name they show."))
    found = await uow.members.named(me.platform, me.workspace_id, name)
    if not found:
        raise NotFound(
            t("I don't know a member called '{name}' here.", name=name),
            hint=t("Mention them, or ask them to use any club command once."),
        )
    if len(found) > 1:
        raise Conflict(
            t("More than one member is called '{name}'.", name=name),
            hint=t("Mention them instead."),
        )
    names = await uow.members.display_names(found)
    return found[0], names.get(found[0], name)


async def withdraw_swaps(uow: UnitOfWork, club_id: int, session_id: int) -> None:
    # A request about a session whose presenter an admin changed can no longer be kept.
    for request in await uow.swaps.pending(club_id):
        if session_id in (request.requester_session_id, request.target_session_id):
            await uow.swaps.settle(request.id, SwapStatus.WITHDRAWN)
