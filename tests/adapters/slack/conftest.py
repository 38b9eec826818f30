"""Fixtures: the real slack-bolt AsyncApp served over HTTP, FakeSlack, and a real database."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator

import pytest

from bot.bootstrap import Services
from paperclub_fakes.slack_fake import FakeSlack
from paperclub_fakes.slack_harness import ADMIN, MEMBER, SlackHarness, running
from tests.adapters.slack.oauth_harness import Installer, installing


@pytest.fixture
def no_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    # slack_sdk waits Retry-After plus up to a second of jitter before retrying a 429.
    monkeypatch.setattr(random, "random", lambda: 0.0)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as running:
        running.add_user(ADMIN, name="ada", is_admin=True)
        running.add_user(MEMBER, name="max")
        yield running


@pytest.fixture
async def slack(services: Services, fake: FakeSlack) -> AsyncIterator[SlackHarness]:
    async with running(services, fake) as harness:
        yield harness


@pytest.fixture
async def club(slack: SlackHarness) -> SlackHarness:
    """A Slack club set up by a workspace admin through `/paperclub club setup`."""
    reply = await slack.command("club setup wed 18:00 UTC")
    assert "is set up" in reply["text"], reply
    return slack


@pytest.fixture
async def installer(services: Services, fake: FakeSlack) -> AsyncIterator[Installer]:
    """The app in OAuth mode (several workspaces), before any workspace installed it."""
    async with installing(services, fake) as running:
        yield running
