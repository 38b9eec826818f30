"""Issue 19: /paperclub club page slug through the real slack-bolt app against the fake Slack."""

from __future__ import annotations

import pytest

from bot.bootstrap import Services
from bot.settings import Settings
from paperclub_fakes.slack_harness import SlackHarness

BASE = "https://club.example"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"public_base_url": BASE})


async def test_an_admin_names_the_page_and_a_taken_name_is_refused(
    club: SlackHarness, services: Services
) -> None:
    await club.command("club page on")
    named = await club.command("club page slug Journal-Club")
    assert f"The club's page is also at {BASE}/c/journal-club" in named["text"], named
    assert named["response_type"] == "ephemeral"
    hostile = await club.command("club page slug journal\u200bclub")
    assert "A page name uses only the letters a-z" in hostile["text"], hostile
    async with services.deps.uow() as uow:
        (row,) = await uow.clubs.all()
    assert row.page_slug == "journal-club"
    cleared = await club.command("club page slug clear")
    assert "is released" in cleared["text"], cleared
