"""A member's private answers and App Home in their own Slack language (users.info with
include_locale), public answers in the club's (issue 17): the real slack-bolt app against
FakeSlack, whose users.info tells a member's locale only when asked, as Slack's does."""

from __future__ import annotations

import re

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.identity import Members, SlackUnreachable
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_fake import FakeSlack
from paperclub_fakes.slack_harness import BOT_TOKEN, MEMBER, SlackHarness, shown_text

HANGUL = re.compile(r"[\uac00-\ud7a3]")
KOREAN_MEMBER = "U0KOREAN1"


async def test_private_answers_follow_the_members_slack_language(club: SlackHarness) -> None:
    club.fake.add_user(KOREAN_MEMBER, name="minji", locale="ko-KR")
    assert "language" in (await club.command("club set language ko"))["text"]
    # Max's Slack is in English: his refusal is English; the club's schedule is Korean.
    refusal = await club.command("club set time 19:00", user=MEMBER)
    assert refusal["response_type"] == "ephemeral"
    assert "Only club admins can" in shown_text(refusal)
    assert not HANGUL.search(shown_text(refusal))
    schedule = await club.command("schedule", user=MEMBER)
    assert schedule["response_type"] == "in_channel"
    assert "매주 수요일" in shown_text(schedule)
    korean = await club.command("club set time 19:00", user=KOREAN_MEMBER)
    assert HANGUL.search(shown_text(korean)) and "Only club admins" not in shown_text(korean)
    asked = [c.args for c in club.fake.calls_to("users.info")]
    assert asked and all(a.get("include_locale") in ("1", "true", True) for a in asked)


async def test_a_club_that_keeps_its_language_answers_everyone_in_it(club: SlackHarness) -> None:
    await club.command("club set language ko")
    assert HANGUL.search((await club.command("club set member_language off"))["text"])
    refusal = shown_text(await club.command("club set time 19:00", user=MEMBER))
    assert HANGUL.search(refusal) and "Only club admins" not in refusal


async def test_app_home_speaks_the_members_language(club: SlackHarness) -> None:
    club.fake.add_user(KOREAN_MEMBER, name="minji", locale="ko-KR")
    mark = len(club.fake.calls)
    assert (await club.post(sr.app_home_opened(KOREAN_MEMBER)))[0] == 200
    view = (await club.fake.wait_for_call("views.publish", since=mark)).args["view"]
    assert view["blocks"][0]["text"]["text"] == "논문 클럽"
    shown = shown_text(view)
    assert "매주 수요일" in shown and "Every Wednesday" not in shown
    assert f"<#{sr.CHANNEL_ID}>의 *" in shown  # "the club in #channel", Korean word order


async def test_app_home_of_a_korean_club_is_korean_for_an_english_member(
    club: SlackHarness,
) -> None:
    await club.command("club set language ko")
    await club.command("club set member_language off")
    mark = len(club.fake.calls)
    assert (await club.post(sr.app_home_opened(MEMBER)))[0] == 200
    view = (await club.fake.wait_for_call("views.publish", since=mark)).args["view"]
    assert view["blocks"][0]["text"]["text"] == "논문 클럽"
    assert "Paper club" not in shown_text(view)


async def test_app_home_without_a_club_speaks_the_members_language(slack: SlackHarness) -> None:
    slack.fake.add_user(KOREAN_MEMBER, name="minji", locale="ko-KR")
    assert (await slack.post(sr.app_home_opened(KOREAN_MEMBER)))[0] == 200
    view = (await slack.fake.wait_for_call("views.publish")).args["view"]
    shown = shown_text(view)
    assert "/paperclub club setup" in shown and HANGUL.search(shown)
    assert "No channel here" not in shown


def _client(fake: FakeSlack) -> AsyncWebClient:
    # No retry handler: the 429 reaches the cache, as it does once the app's retries ran out.
    return AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url)


async def test_a_rate_limited_lookup_is_not_repeated_before_retry_after(fake: FakeSlack) -> None:
    fake.add_user("U0KO00001", name="minji", locale="ko-KR")
    now = [0.0]
    members = Members(ttl=120, monotonic=lambda: now[0])
    client = _client(fake)
    first = await members.profile(client, fake.team_id, "U0KO00001", "minji")
    assert first.locale == "ko-KR"
    now[0] = 121.0  # the cached profile is stale: ask again, and Slack says wait 30 s
    fake.rate_limit("users.info", count=5, retry_after=30)
    calls = len(fake.calls_to("users.info"))
    for moment in (121.0, 130.0, 150.0):
        now[0] = moment
        assert await members.profile(client, fake.team_id, "U0KO00001", "minji") == first
    assert len(fake.calls_to("users.info")) == calls + 1  # one 429, then no more asking


async def test_the_member_cache_is_bounded(fake: FakeSlack) -> None:
    members = Members(monotonic=lambda: 0.0, max_cached=2)
    client = _client(fake)
    for user in ("U0A", "U0B", "U0C", "U0A"):
        fake.add_user(user)
        await members.profile(client, fake.team_id, user, "")
    # U0A was the least recently asked when U0C came, so it was asked for again.
    asked = [c.args["user"] for c in fake.calls_to("users.info")]
    assert asked == ["U0A", "U0B", "U0C", "U0A"]


async def test_a_lookup_that_gets_no_answer_keeps_the_member_as_last_known(
    fake: FakeSlack,
) -> None:
    """users.info's connection fails (no answer, so no SlackApiError): a member looked up
    before is taken as last known; one never looked up is a clear failure, not a member with
    no rights (an admin would be told they are not one)."""
    fake.add_user("U0KO00001", name="minji", locale="ko-KR", is_admin=True)
    fake.add_user("U0NEW0001", name="grace", is_admin=True)
    now = [0.0]
    members = Members(ttl=120, monotonic=lambda: now[0])
    client = _client(fake)
    first = await members.profile(client, fake.team_id, "U0KO00001", "minji")
    now[0] = 121.0  # stale: asked again
    fake.cut_next("users.info", count=100)  # the client's own retry of a reset is cut too
    assert await members.profile(client, fake.team_id, "U0KO00001", "minji") == first
    with pytest.raises(SlackUnreachable) as unreachable:
        await members.profile(client, fake.team_id, "U0NEW0001", "grace")
    assert "couldn't reach Slack" in unreachable.value.message
    first_call, *later = [c.status for c in fake.calls_to("users.info")]
    assert first_call == 200 and later and set(later) == {0}
