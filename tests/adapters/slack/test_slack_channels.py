"""Clubs in the channels real workspaces have: public or private, with the bot in them or not.

Slack lets a bot post only where it is a member (without chat:write.public): chat.postMessage
answers not_in_channel in a public channel, channel_not_found in a private one. FakeSlack does
the same, so a club set up where the bot isn't would fail here as it would in production; the
setup refuses instead and says how to fix it.
"""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from bot.adapters.slack.app import build_client
from bot.adapters.slack.poster import SlackPoster
from bot.bootstrap import Services
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.outbox import PostKind
from bot.core.ports import Outgoing
from bot.core.views import Notice
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_fake import FakeSlack
from paperclub_fakes.slack_harness import SlackHarness, shown_text, slack_services

PUBLIC, PRIVATE = "C0NOTIN01", "G0PRIVATE1"


async def _club_rows(services: Services) -> list[str]:
    async with services.deps.uow() as uow:
        return [club.key.channel_id for club in await uow.clubs.all()]


@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
async def test_setup_where_the_bot_is_not_a_member_says_to_invite_it(
    slack: SlackHarness, services: Services, private: bool
) -> None:
    channel = PRIVATE if private else PUBLIC
    slack.fake.add_channel(channel, is_private=private, is_member=False)
    reply = await slack.command("club setup wed 18:00 UTC", channel_id=channel)
    assert "/invite @paperclub" in shown_text(reply["blocks"]), reply
    assert reply["response_type"] == "ephemeral"
    assert channel not in await _club_rows(services)

    slack.fake.channels[channel]["is_member"] = True  # someone typed /invite @paperclub
    reply = await slack.command("club setup wed 18:00 UTC", channel_id=channel)
    assert "is set up" in reply["text"]
    assert channel in await _club_rows(services)


async def test_a_club_in_a_private_channel_gets_its_posts_and_finds_them_again(
    services: Services, fake: FakeSlack
) -> None:
    """groups:history and groups:read are in the manifest; without them this would fail."""
    fake.add_channel(PRIVATE, is_private=True)
    poster = SlackPoster(build_client(slack_services(services, fake).settings))
    club = ClubKey(Platform.SLACK, sr.TEAM_ID, PRIVATE)
    outgoing = Outgoing("club:1:session:1:reminder", club, PostKind.REMINDER, Notice("Soon"))
    ts = await poster.post(outgoing)
    assert await poster.find_posted(outgoing) == ts
    assert [c.response["ok"] for c in fake.calls_to("conversations.history")] == [True]


async def test_the_fake_refuses_what_slack_refuses(services: Services, fake: FakeSlack) -> None:
    """The contract the setup check relies on, and the scopes the fake enforces."""
    fake.add_channel(PUBLIC, is_member=False)
    fake.add_channel(PRIVATE, is_private=True, is_member=False)
    poster = SlackPoster(build_client(slack_services(services, fake).settings))
    for channel, error in ((PUBLIC, "not_in_channel"), (PRIVATE, "channel_not_found")):
        club = ClubKey(Platform.SLACK, sr.TEAM_ID, channel)
        with pytest.raises(SlackApiError) as refused:
            await poster.post(Outgoing("k", club, PostKind.REMINDER, Notice("x")))
        assert refused.value.response["error"] == error

    fake.scopes = fake.scopes - {"groups:history"}
    fake.channels[PRIVATE]["is_member"] = True
    club = ClubKey(Platform.SLACK, sr.TEAM_ID, PRIVATE)
    with pytest.raises(SlackApiError) as missing:
        await poster.find_posted(Outgoing("k", club, PostKind.REMINDER, Notice("x")))
    assert missing.value.response["error"] == "missing_scope"
    assert missing.value.response["needed"] == "groups:history"
