"""Issue 15, row 4: an announcement carries the club's calendar link (the README promises it;
the card had it and the Slack renderer dropped it), also when the card fills Slack's text
budget."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.adapters.slack.app import build_client
from bot.adapters.slack.poster import SlackPoster
from bot.adapters.slack.render import Renderer, message
from bot.bootstrap import Services
from bot.core.domain.ids import Platform
from bot.core.views import Reply
from bot.scheduling.delivery import DeliveryConfig
from bot.scheduling.wakeups import Wakeups
from bot.settings import Settings
from paperclub_fakes.slack_harness import SlackHarness, shown_text, slack_services
from tests.adapters.slack.test_slack_limits import LARGEST, _check

BASE = "https://club.example"
FEED = f"{BASE}/calendar/"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"public_base_url": BASE})


def test_the_largest_card_keeps_its_calendar_link() -> None:
    url = FEED + "x" * 43 + ".ics"
    body = message(Reply(replace(LARGEST, calendar_url=url)), Renderer())
    _check(body)
    assert f"<{url}|Add to your calendar>" in shown_text(body["blocks"])


async def test_the_scheduled_announcement_shows_the_calendar_link(
    club: SlackHarness, services: Services
) -> None:
    await club.command("club calendar")
    async with services.deps.uow() as uow:
        (row,) = await uow.clubs.all()
    assert row.calendar_token
    poster = SlackPoster(build_client(slack_services(services, club.fake).settings))
    await Wakeups(services.deps, {Platform.SLACK: poster}, DeliveryConfig()).tick()
    posts = [c.args for c in club.fake.calls_to("chat.postMessage")]
    (card,) = [p for p in posts if "Discussion prompts" in shown_text(p.get("blocks"))]
    assert f"{FEED}{row.calendar_token}.ics" in shown_text(card["blocks"])
