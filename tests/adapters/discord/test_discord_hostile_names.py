"""A member whose server nickname holds control characters, a bidi override and a mention votes
and RSVPs end to end through the real client like anyone else: the name is stored cleaned and,
shown in /rsvp list, pings nobody."""

from __future__ import annotations

import asyncio
from typing import Any

from discord_support import run, setup_club, slash_for, text_of

from bot.bootstrap import Services
from bot.core.domain.ids import MemberKey, Platform
from paperclub_fakes.discord_fake import GUILD_ID, MEMBER_ID, MEMBER_USER, OWNER_USER, FakeDiscord

MEMBER = MemberKey(Platform.DISCORD, str(GUILD_ID), str(MEMBER_ID))


async def test_a_nickname_with_controls_votes_and_is_listed_cleaned(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    await setup_club(fake)
    fake.members[GUILD_ID][MEMBER_ID]["nick"] = "@everyone\x00Gr\x1bace\n\u202eecarG\x7f"
    opened = await run(fake, slash_for(fake, "vote open", user=OWNER_USER))
    message_id = int(opened.response["resource"]["message"]["id"])
    footer = opened.json["data"]["embeds"][0]["footer"]["text"]
    poll_id = int(footer.rsplit("#", 1)[1])
    clicks = [
        fake.button(f"pc:/vote cast #{poll_id} 1", message=message_id, user=who)
        for who in (MEMBER_USER, OWNER_USER)
    ]
    answers = await asyncio.gather(*(run(fake, click) for click in clicks))
    assert all("Your vote is in" in text_of(a.json["data"]) for a in answers)
    async with services.deps.uow() as uow:
        voters = {b.member.user_id for b in await uow.polls.ballots(poll_id)}
        names = await uow.members.display_names([MEMBER])
    assert voters == {str(MEMBER_ID), OWNER_USER["id"]}
    assert names[MEMBER] == "@everyone Gr ace ecarG"

    await run(fake, slash_for(fake, "rsvp", {"answer": "going"}))
    listed = (await run(fake, slash_for(fake, "rsvp list", user=OWNER_USER))).json["data"]
    assert "Gr ace ecarG" in text_of(listed) and "\n\u202e" not in text_of(listed)
    assert listed.get("allowed_mentions", {}).get("parse") == []
