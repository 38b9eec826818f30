"""One workspace per request: the token, the club and the admin check all come from the same id.

With OAuth, Bolt picks the installation (the token) from `view.app_installed_team_id` when a
payload has one, and from `team.id` otherwise. A payload whose workspace ids disagree could be
answered with one workspace's token and admin rights in another workspace's club, so it is
refused with a friendly answer and logged, before any token is looked up.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st
from slack_bolt.request.internals import extract_enterprise_id, extract_team_id

from bot.adapters.slack.identity import MixedWorkspaces, workspace_of
from bot.bootstrap import Services
from bot.core.domain.ids import ClubKey, Platform
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_fake import RESPONSE_URL
from paperclub_fakes.slack_harness import ADMIN, settled
from tests.adapters.slack.oauth_harness import TEAM_A, TEAM_B, Installer

pytestmark = pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")

MALLORY = "U0MALLORY1"  # an admin of her own workspace A, which has the app installed too
CLUB_B = "C0CLUBB01"


async def _paused(services: Services, team: str, channel: str) -> bool:
    async with services.deps.uow() as uow:
        club = await uow.clubs.get(ClubKey(Platform.SLACK, team, channel))
    assert club is not None
    return club.settings.paused


@pytest.fixture
async def two_teams(installer: Installer) -> Installer:
    """Team B's club, set up by B's admin; Mallory is an admin in team A only."""
    await installer.install(TEAM_A)
    await installer.install(TEAM_B)
    installer.fake.add_user(MALLORY, name="mallory", is_admin=True, team_id=TEAM_A)
    answer = await installer.command("club setup wed 18:00 UTC", TEAM_B, channel=CLUB_B)
    assert "is set up" in answer["text"], answer
    return installer


def _signed_payload(payload: dict[str, Any]) -> sr.SignedRequest:
    body = urlencode({"payload": json.dumps(payload)}).encode()
    return sr.SignedRequest(
        body, {"content-type": "application/x-www-form-urlencoded", **sr.sign(body)}
    )


def _forged_submission(command: str) -> dict[str, Any]:
    payload = sr.view_submission_payload(
        "pc_modal",
        {},
        private_metadata=json.dumps({"command": command, "channel": CLUB_B}),
        user=MALLORY,
        team_id=TEAM_B,
    )
    payload["view"]["app_installed_team_id"] = TEAM_A  # Bolt answers with team A's token
    payload["user"]["team_id"] = TEAM_A
    return payload


async def test_a_submission_naming_two_workspaces_is_refused(
    two_teams: Installer, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    """The attack run: this shape paused another workspace's club."""
    caplog.set_level(logging.WARNING)
    slack = two_teams.slack
    async with settled():
        status, body = await slack.post(_signed_payload(_forged_submission("/club pause")))
    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "update"
    assert "workspace" in json.dumps(answer["view"])
    assert not await _paused(services, TEAM_B, CLUB_B)
    # Refused before any token was looked up or any member asked about.
    assert not [c for c in two_teams.fake.calls_to("users.info") if c.args["user"] == MALLORY]
    assert any(TEAM_A in r.getMessage() and TEAM_B in r.getMessage() for r in caplog.records)


async def test_the_same_submission_in_one_workspace_is_judged_there(
    two_teams: Installer, services: Services
) -> None:
    """Consistent ids for team B: Mallory is not a member of B, so no admin rights there."""
    payload = _forged_submission("/club pause")
    del payload["view"]["app_installed_team_id"]
    payload["user"]["team_id"] = TEAM_B
    slack = two_teams.slack
    mark = len(two_teams.fake.calls)
    async with settled():
        assert await slack.post(_signed_payload(payload)) == (200, "")
    posted = await two_teams.fake.wait_for_call("chat.postEphemeral", since=mark)
    assert "Only club admins" in posted.args["text"]
    assert not await _paused(services, TEAM_B, CLUB_B)
    asked = [c for c in two_teams.fake.calls_to("users.info") if c.args["user"] == MALLORY]
    team_b = [token for token, team in two_teams.fake.token_teams.items() if team == TEAM_B]
    assert [c.token for c in asked] == team_b


async def test_a_button_naming_two_workspaces_is_refused_privately(
    two_teams: Installer, services: Services
) -> None:
    response_id, url = two_teams.slack.response_url()
    payload = sr.block_action_payload(
        "pc_action_0", "/club pause", user=MALLORY, team_id=TEAM_B, channel=CLUB_B, response_url=url
    )
    payload["view"] = {"id": "V0FAKE", "team_id": TEAM_A, "app_installed_team_id": TEAM_A}
    async with settled():
        assert (await two_teams.slack.post(_signed_payload(payload)))[0] == 200
    answer = await two_teams.slack.wait_response(response_id)
    assert answer.args["response_type"] == "ephemeral"
    assert "workspace" in answer.args["text"]
    assert not await _paused(services, TEAM_B, CLUB_B)


async def test_an_event_naming_two_workspaces_is_ignored(two_teams: Installer) -> None:
    body = sr.event_callback_payload(sr.app_home_opened_event(ADMIN), team_id=TEAM_B)
    body["authorizations"][0]["team_id"] = TEAM_A
    raw = json.dumps(body).encode()
    req = sr.SignedRequest(raw, {"content-type": "application/json", **sr.sign(raw)})
    mark = len(two_teams.fake.calls)
    async with settled():
        assert (await two_teams.slack.post(req))[0] == 200
    assert [c.method for c in two_teams.fake.calls[mark:] if c.method != RESPONSE_URL] == []


_IDS = st.one_of(st.none(), st.sampled_from(["", "T0A", "T0B", "E0ORG"]))


@st.composite
def _payloads(draw: st.DrawFn) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    for key in ("team_id", "enterprise_id"):
        if (value := draw(_IDS)) is not None:
            payload[key] = value
    team = draw(st.one_of(st.none(), _IDS.map(lambda v: {"id": v}), _IDS))
    if team is not None:
        payload["team"] = team
    if draw(st.booleans()):
        payload["view"] = {"team_id": draw(_IDS), "app_installed_team_id": draw(_IDS)}
    if draw(st.booleans()):
        payload["authorizations"] = [{"team_id": draw(_IDS), "enterprise_id": draw(_IDS)}]
    if draw(st.booleans()):
        payload["user"] = {"id": "U1", "team_id": draw(_IDS)}
    return payload


def _named(payload: dict[str, Any]) -> set[str]:
    team = payload.get("team")
    view = payload.get("view") or {}
    found = [
        payload.get("team_id"),
        team.get("id") if isinstance(team, dict) else team,
        view.get("team_id"),
        view.get("app_installed_team_id"),
        (payload.get("authorizations") or [{}])[0].get("team_id"),
    ]
    return {value for value in found if isinstance(value, str) and value}


@given(_payloads())
def test_the_workspace_is_the_one_bolt_authorizes_or_the_payload_is_refused(
    payload: dict[str, Any],
) -> None:
    named, chosen = _named(payload), extract_team_id(payload) or ""
    ambiguous = len(named) > 1 or bool(named and chosen not in named)
    try:
        workspace = workspace_of(payload)
    except MixedWorkspaces:
        assert ambiguous
        return
    # Refused exactly when ambiguous; otherwise Bolt's own choice (or the org's).
    assert not ambiguous
    assert workspace == (chosen or extract_enterprise_id(payload) or "")
