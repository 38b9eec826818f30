"""Members' private reminders on Slack: opted in with /paperclub remind, sent through the
outbox to the app's DM with the member, once per session; a deactivated member is given up."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.adapters.slack.app import build_client
from bot.adapters.slack.poster import SlackPoster
from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.domain.ids import ClubKey, MemberKey, Platform
from bot.core.domain.outbox import PostKind
from bot.core.ports import Outgoing, Undeliverable
from bot.core.views import Notice
from bot.scheduling.delivery import DeliveryConfig
from bot.scheduling.wakeups import Wakeups
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_fake import FakeSlack
from paperclub_fakes.slack_harness import (
    ADMIN,
    MEMBER,
    SlackHarness,
    shown_text,
    slack_services,
)
from tests.scheduling.harness import run_until

CLUB = ClubKey(Platform.SLACK, sr.TEAM_ID, sr.CHANNEL_ID)


def dms(fake: FakeSlack) -> list[str]:
    """The channels private messages went to (Slack's DM ids start with D)."""
    return [
        str(c.args["channel"])
        for c in fake.calls_to("chat.postMessage")
        if str(c.args["channel"]).startswith("D")
    ]


async def test_one_dm_per_session_and_none_after_opting_out(
    club: SlackHarness, services: Services, fake: FakeSlack, clock: ManualClock
) -> None:
    on = await club.command("remind on 2h", user=MEMBER)
    assert "2 hours before each session" in on["text"]
    await club.command("rsvp going", user=MEMBER)
    await club.command("rsvp going 2026-12-02", user=MEMBER)
    await club.command("remind on", user=ADMIN)
    await club.command("rsvp maybe", user=ADMIN)
    await club.command("remind off", user=ADMIN)
    poster = SlackPoster(build_client(slack_services(services, fake).settings))
    wakeups = Wakeups(services.deps, {Platform.SLACK: poster}, DeliveryConfig())
    await run_until(clock, wakeups, datetime(2026, 11, 25, 19, 0, tzinfo=UTC))
    member_dm = "D" + MEMBER.removeprefix("U")
    assert dms(fake) == [member_dm]
    sent = [c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == member_dm]
    assert "meets Wed 25 Nov 2026, 18:00 UTC" in shown_text(sent[0].args)
    # A restart; next week's reminder comes once, and the first is not sent again.
    restarted = Wakeups(services.deps, {Platform.SLACK: poster}, DeliveryConfig())
    await run_until(clock, restarted, datetime(2026, 12, 2, 19, 0, tzinfo=UTC))
    assert dms(fake) == [member_dm, member_dm]


async def test_a_deactivated_member_is_undeliverable(
    club: SlackHarness, services: Services, fake: FakeSlack
) -> None:
    fake.add_user("U0GONE01", deleted=True)
    message = Outgoing(
        "club:1:session:1:dm:U0GONE01",
        CLUB,
        PostKind.DM_REMINDER,
        Notice("⏰ Reminder"),
        recipient=MemberKey(Platform.SLACK, sr.TEAM_ID, "U0GONE01"),
    )
    with pytest.raises(Undeliverable):
        await SlackPoster(build_client(slack_services(services, fake).settings)).post(message)
    assert dms(fake) == []
