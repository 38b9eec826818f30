"""Issue 19: a /club manage link asks Slack again (users.info, not the chat's two-minute cache),
when it is used, whether its admin still is one: the real slack-bolt app against the fake
Slack, the link used on the same HTTP server. Demoted or deactivated is refused; still an
admin gets in; Slack not answering fails closed and leaves the link for a retry."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from pydantic import SecretStr
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.admin_check import ClientFor, SlackAdminCheck
from bot.adapters.slack.app import build_client
from bot.adapters.slack.identity import Members
from bot.adapters.slack.runner import RUNNER
from bot.bootstrap import Services
from bot.core.domain.ids import ClubKey, MemberKey, Platform
from bot.settings import Settings
from paperclub_fakes.slack_fake import FakeSlack
from paperclub_fakes.slack_harness import ADMIN, SlackHarness, slack_services
from tests.web.test_club_page import text_of

BASE = "https://club.example"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"public_base_url": BASE})


def client_for(club: SlackHarness, services: Services) -> ClientFor:
    """The one workspace's client, on the bot token, as `paperclub run` gives the check."""
    client = build_client(slack_services(services, club.fake).settings)

    async def for_team(team: str) -> AsyncWebClient:
        return client

    return for_team


def checking(club: SlackHarness, services: Services) -> None:
    services.web.admin_checks[Platform.SLACK] = SlackAdminCheck(
        Members(), client_for(club, services)
    )


async def link_for(club: SlackHarness, user: str = ADMIN) -> str:
    reply = await club.command("club manage", user=user)
    found = re.search(r"https://club\.example(/manage/sign-in/[A-Za-z0-9_-]+)", reply["text"])
    assert found is not None, reply
    return found.group(1)


async def use(club: SlackHarness, link: str) -> tuple[int, str]:
    base = club.url.removesuffix("/slack/events")
    async with club.session.post(base + link, allow_redirects=False) as answer:
        return answer.status, text_of(await answer.text()) if answer.status != 303 else ""


def demote(fake: FakeSlack, user: str = ADMIN) -> None:
    fake.users[user]["is_admin"] = fake.users[user]["is_owner"] = False


async def test_an_admin_demoted_after_club_manage_is_refused_at_the_link(
    club: SlackHarness, services: Services
) -> None:
    checking(club, services)
    link = await link_for(club)
    asked = len(club.fake.calls_to("users.info"))
    demote(club.fake)
    status, words = await use(club, link)
    assert status == 403 and "not an admin of this club" in words
    # Asked at the link's use, though the chat's cache still holds the admin's profile.
    assert len(club.fake.calls_to("users.info")) == asked + 1


async def test_an_admin_still_admin_gets_in_and_a_deactivated_one_does_not(
    club: SlackHarness, services: Services
) -> None:
    checking(club, services)
    assert (await use(club, await link_for(club)))[0] == 303
    link = await link_for(club)
    club.fake.users[ADMIN]["deleted"] = True
    assert (await use(club, link))[0] == 403


async def test_slack_failing_fails_closed_and_leaves_the_link_for_a_retry(
    club: SlackHarness, services: Services
) -> None:
    checking(club, services)
    link = await link_for(club)
    club.fake.fail_next("users.info", "fatal_error")
    status, words = await use(club, link)
    assert status == 503
    assert "Slack did not answer" in words and "try the same link again" in words
    assert (await use(club, link))[0] == 303
    assert (await use(club, link))[0] == 410


async def test_a_slack_that_does_not_answer_in_time_is_cannot_tell(
    club: SlackHarness, services: Services
) -> None:
    gate = club.fake.hold("users.info")
    try:
        check = SlackAdminCheck(Members(), client_for(club, services), timeout=0.05)
        club_key = ClubKey(Platform.SLACK, "T0", "C0")
        assert await check(club_key, MemberKey(Platform.SLACK, "T0", ADMIN)) is None
    finally:
        gate.set()


async def test_the_slack_platform_brings_its_admin_check(
    services: Services, fake: FakeSlack
) -> None:
    configured = services.settings.model_copy(
        update={
            "slack_bot_token": SecretStr("xoxb-1"),
            "slack_signing_secret": SecretStr("s"),
            "slack_admin_users": ["U0CONFIG1"],
        }
    )
    attached = RUNNER.attach(replace(services, settings=configured))
    try:
        assert isinstance(attached.admin_check, SlackAdminCheck)
        # The chat's rule: a configured admin is one without Slack's admin flag.
        assert attached.admin_check.members.grants_admin({"is_admin": False}, "U0CONFIG1")
    finally:
        assert attached.close is not None
        await attached.close()
