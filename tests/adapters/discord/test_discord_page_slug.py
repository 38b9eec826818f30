"""Issue 19: /club page slug through the real discord.py client against the fake Discord: the
typed option reaches the same check as chat, an admin's name is kept, a member is refused."""

from __future__ import annotations

from typing import Any

import pytest
from discord_support import EPHEMERAL, run, setup_club, slash_for, text_of

from bot.bootstrap import Services
from bot.settings import Settings
from paperclub_fakes.discord_fake import MEMBER_USER, OWNER_USER, FakeDiscord

BASE = "https://club.example"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"public_base_url": BASE})


async def test_an_admin_names_the_page_and_a_member_cannot(
    bot: Any, fake: FakeDiscord, services: Services
) -> None:
    await setup_club(fake)
    await run(fake, slash_for(fake, "club page", {"action": "on"}, user=OWNER_USER))
    named = await run(
        fake,
        slash_for(fake, "club page", {"action": "slug", "name": "Our-Club"}, user=OWNER_USER),
    )
    assert named.json["data"]["flags"] & EPHEMERAL
    assert f"The club's page is also at {BASE}/c/our-club" in text_of(named.json["data"])
    hostile = await run(
        fake,
        slash_for(fake, "club page", {"action": "slug", "name": "p\u0430per"}, user=OWNER_USER),
    )
    assert "A page name uses only the letters a-z" in text_of(hostile.json["data"])
    member = await run(
        fake, slash_for(fake, "club page", {"action": "slug", "name": "mine"}, user=MEMBER_USER)
    )
    assert "admin" in text_of(member.json["data"]).lower()
    async with services.deps.uow() as uow:
        (club,) = await uow.clubs.all()
    assert club.page_slug == "our-club"
