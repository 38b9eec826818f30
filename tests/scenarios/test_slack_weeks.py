"""The three weeks on Slack: the real slack-bolt app over HTTP and the real Slack poster, both
against FakeSlack; what members see is the text of the blocks Slack was given."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import pytest

from bot.adapters.slack.app import build_client
from bot.adapters.slack.poster import SlackPoster
from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.commands.catalog import Catalog
from bot.core.commands.values import word_for
from bot.core.domain.ids import Platform
from bot.scheduling.wakeups import Wakeups
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_fake import FakeSlack
from paperclub_fakes.slack_harness import ADMIN, MEMBER, SlackHarness, running, slack_services
from tests.scenarios.recording import Noting
from tests.scenarios.seeing import Post
from tests.scenarios.weeks import play
from tests.scheduling.harness import run_until


def shown(payload: Any) -> str:
    """The text of a message or its blocks, in reading order, one piece a line."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    out.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(payload.get("blocks") or [])
    return "\n".join(out) or str(payload.get("text") or "")


def line_for(name: str, options: dict[str, object] | None) -> str:
    spec = Catalog().named(name)
    assert spec is not None, name
    words = [name]
    for option in spec.options:
        if options and option.name in options:
            value = options[option.name]
            words.append(str(value) if option.rest or option.many else word_for(option, value))
    return " ".join(words)


class SlackClub:
    def __init__(
        self, slack: SlackHarness, services: Services, clock: ManualClock, titles: list[str]
    ) -> None:
        self.slack, self.clock, self.titles = slack, clock, titles
        poster = SlackPoster(build_client(slack_services(services, slack.fake).settings))
        self.noting = Noting(poster, self._message)
        self.wakeups = Wakeups(services.deps, {Platform.SLACK: self.noting})

    def _message(self, ts: str) -> str:
        for message in self.slack.fake.messages.get(sr.CHANNEL_ID, []):
            if message.get("ts") == ts:
                return shown(message)
        raise AssertionError(f"no message {ts} in the channel")

    async def say(
        self, name: str, options: dict[str, object] | None = None, *, admin: bool = False
    ) -> str:
        answer = await self.slack.command(line_for(name, options), user=ADMIN if admin else MEMBER)
        return shown(answer)

    async def until(self, when: datetime) -> None:
        await run_until(self.clock, self.wakeups, when)

    def posts(self) -> list[Post]:
        return self.noting.posts()


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as running_fake:
        running_fake.add_user(ADMIN, name="ada", is_admin=True)
        running_fake.add_user(MEMBER, name="max")
        yield running_fake


async def test_three_weeks_on_slack(
    services: Services, clock: ManualClock, fake: FakeSlack
) -> None:
    async with services.deps.uow() as uow:
        titles = [p.title for p in await uow.papers.all()]
    async with running(services, fake) as slack:
        await play(SlackClub(slack, services, clock, titles))
