"""Signed but hostile: button values and form submissions a member wrote themselves.

A button's value and a form's command are command lines, and anyone can send Slack a payload
with any value (a modified client, a copied request). The core decides as for anything typed: a
member gets no admin command through a form, and a button cannot reach another club's poll or
session, or a poll that has closed.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.bootstrap import Services
from bot.core.commands.catalog import Catalog
from bot.core.commands.spec import CommandSpec
from bot.core.domain.ids import ClubKey, Platform
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_harness import ADMIN, MEMBER, SlackHarness, shown_text

OTHER = "C0OTHER01"
ADMIN_SPECS = [spec for spec in Catalog().specs if spec.admin]


async def _in(slack: SlackHarness, channel: str, text: str, user: str = ADMIN) -> dict[str, Any]:
    response_id, url = slack.response_url()
    req = sr.slash_command(text=text, user_id=user, channel_id=channel, response_url=url)
    assert await slack.post(req) == (200, "")
    return (await slack.wait_response(response_id)).args


async def _click(slack: SlackHarness, value: str, channel: str = sr.CHANNEL_ID) -> str:
    response_id, url = slack.response_url()
    req = sr.block_action("pc_action_0", value, user=MEMBER, channel=channel, response_url=url)
    assert (await slack.post(req))[0] == 200
    return str((await slack.wait_response(response_id)).args["text"])


async def _club(services: Services, channel: str) -> int:
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(ClubKey(Platform.SLACK, sr.TEAM_ID, channel))
    assert club is not None
    return club.id


@pytest.fixture
async def two_clubs(club: SlackHarness) -> SlackHarness:
    assert "is set up" in (await _in(club, OTHER, "club setup thu 18:00 UTC"))["text"]
    return club


async def test_a_button_cannot_vote_in_another_clubs_poll(
    two_clubs: SlackHarness, services: Services
) -> None:
    assert "Vote for the paper of" in (await _in(two_clubs, OTHER, "vote open"))["text"]
    async with services.deps.uow() as uow:
        other_poll = await uow.polls.open_for(await _club(services, OTHER))
    assert other_poll is not None
    answer = await _click(two_clubs, f"/vote #{other_poll.id} 1")
    assert answer.startswith(":x:") or "closed" in answer or "No vote" in answer, answer
    async with services.deps.uow() as uow:
        assert await uow.polls.ballots(other_poll.id) == []


async def test_a_button_cannot_vote_in_a_closed_poll(
    club: SlackHarness, services: Services
) -> None:
    assert "Vote for the paper of" in (await _in(club, sr.CHANNEL_ID, "vote open"))["text"]
    async with services.deps.uow() as uow:
        poll = await uow.polls.open_for(await _club(services, sr.CHANNEL_ID))
    assert poll is not None
    await _in(club, sr.CHANNEL_ID, "vote close queue")
    assert "closed" in await _click(club, f"/vote #{poll.id} 1")
    async with services.deps.uow() as uow:
        assert await uow.polls.ballots(poll.id) == []


async def test_a_button_cannot_rsvp_to_another_clubs_session(
    two_clubs: SlackHarness, services: Services
) -> None:
    now = services.deps.clock.now()
    async with services.deps.uow() as uow:
        (session, *_) = await uow.sessions.between(await _club(services, OTHER), now)
    answer = await _click(two_clubs, f"/rsvp going #{session.id}")
    assert answer.startswith(":x:"), answer
    async with services.deps.uow() as uow:
        assert await uow.attendance.rsvps(session.id) == []


@pytest.mark.parametrize("spec", ADMIN_SPECS, ids=lambda spec: spec.name)
async def test_a_member_submitting_an_admin_form_is_refused(
    club: SlackHarness, services: Services, spec: CommandSpec
) -> None:
    """Any command can be named in a form's metadata, whether or not the member was shown it."""
    command = spec.usage.split(" [")[0].split(" |")[0].split(" <")[0]
    submit = sr.view_submission(
        "pc_modal",
        {},
        private_metadata=json.dumps({"command": command, "channel": sr.CHANNEL_ID}),
        user=MEMBER,
    )
    mark = len(club.fake.calls)
    assert await club.post(submit) == (200, "")
    posted = await club.fake.wait_for_call("chat.postEphemeral", since=mark)
    assert "Only club admins" in shown_text(posted.args), (command, posted.args)


def test_there_are_admin_forms_to_forge() -> None:
    assert len(ADMIN_SPECS) >= 6
