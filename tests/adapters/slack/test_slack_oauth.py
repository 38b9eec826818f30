"""Several workspaces: the OAuth install flow against FakeSlack, then each team's own token.

The real Bolt app serves /slack/install and /slack/oauth_redirect; oauth.v2.access goes to the
fake through SLACK_API_URL, and the installation lands in our database.
"""

from __future__ import annotations

import contextlib
import logging

import aiohttp
import pytest
from pydantic import SecretStr
from slack_sdk.oauth.installation_store.models.installation import Installation

from bot.adapters.slack import runner
from bot.adapters.slack.app import build_client
from bot.adapters.slack.workspaces import NotInstalled, Workspaces
from bot.bootstrap import Services
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.outbox import PostKind
from bot.core.ports import Outgoing
from bot.core.views import Notice
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.slack_fake import FakeSlack
from paperclub_fakes.slack_harness import ADMIN, slack_services
from tests.adapters.slack.oauth_harness import (
    CLIENT_ID,
    CLIENT_SECRET,
    OAUTH,
    TEAM_A,
    TEAM_B,
    Installer,
    gone,
)
from tests.adapters.slack.test_slack_runner import _free_port, serving
from tests.waiting import eventually

# slack_sdk sends the client id and secret with aiohttp's BasicAuth, which aiohttp deprecates.
pytestmark = pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")


async def test_installing_stores_the_workspace_and_its_commands_use_its_token(
    installer: Installer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    fake = installer.fake
    token = fake.add_oauth_code("code-a", team_id=TEAM_A, team_name="Team A")
    status, page = await installer.finish("code-a", await installer.start())
    assert status == 200, page
    (exchange,) = fake.calls_to("oauth.v2.access")
    assert exchange.args["code"] == "code-a"
    assert exchange.headers["Authorization"].startswith("Basic ")  # client id and secret

    stored = await installer.workspaces.store.async_find_installation(
        enterprise_id=None, team_id=TEAM_A
    )
    assert stored is not None and stored.bot_token == token and stored.team_name == "Team A"
    assert stored.bot_id == fake.bot_id and stored.user_id == "U0INSTALL1"

    answer = await installer.command("club setup wed 18:00 UTC", TEAM_A, channel="C0CLUBA01")
    assert "is set up" in answer["text"], answer
    # The admin check asked Slack about the member with the installed workspace's token.
    assert [c.token for c in fake.calls_to("users.info")] == [token]
    assert token not in caplog.text and CLIENT_SECRET not in caplog.text


async def test_a_state_is_good_once_and_a_bad_code_installs_nothing(
    installer: Installer,
) -> None:
    state = await installer.start()
    installer.fake.add_oauth_code("code-a", team_id=TEAM_A)
    # Another browser's state, and a state we never issued.
    assert (await installer.finish("code-a", state, cookie="elsewhere"))[0] == 400
    assert (await installer.finish("code-a", "forged-state"))[0] == 401
    assert (await installer.finish("not-a-code", state))[0] == 401
    # The state went with the failed attempt: a second try must start again.
    assert (await installer.finish("code-a", state))[0] == 401
    assert (
        await installer.workspaces.store.async_find_bot(enterprise_id=None, team_id=TEAM_A) is None
    )


async def test_each_team_uses_its_own_token(installer: Installer) -> None:
    fake = installer.fake
    token_a, token_b = await installer.install(TEAM_A), await installer.install(TEAM_B)
    assert token_a != token_b

    for team, channel in ((TEAM_A, "C0CLUBA01"), (TEAM_B, "C0CLUBB01")):
        answer = await installer.command("club setup wed 18:00 UTC", team, channel=channel)
        assert "is set up" in answer["text"], answer
    assert [c.token for c in fake.calls_to("users.info")] == [token_a, token_b]

    # A form and the App Home tab get the per-request client too.
    suggest = sr.slash_command(text="suggest", user_id=ADMIN, team_id=TEAM_B, channel_id="C0B")
    assert await installer.slack.post(suggest) == (200, "")
    opened = await fake.wait_for_call("views.open")
    assert opened.token == token_b
    home = sr.event_callback(sr.app_home_opened_event(ADMIN), team_id=TEAM_A)
    assert (await installer.slack.post(home))[0] == 200
    published = await fake.wait_for_call("views.publish")
    assert published.token == token_a

    # A scheduled post for a club in team B goes out with team B's token.
    poster = installer.poster()
    club_b = ClubKey(Platform.SLACK, TEAM_B, "C0CLUBB01")
    await poster.post(
        Outgoing("club:2:session:1:reminder", club_b, PostKind.REMINDER, Notice("Soon"))
    )
    assert fake.calls_to("chat.postMessage")[-1].token == token_b
    assert fake.calls_to("chat.postMessage")[-1].args["channel"] == "C0CLUBB01"


async def test_uninstalling_removes_the_workspace_and_holds_its_posts(
    installer: Installer,
) -> None:
    fake = installer.fake
    await installer.install(TEAM_A)
    token_b = await installer.install(TEAM_B)
    poster = installer.poster()
    club_a = ClubKey(Platform.SLACK, TEAM_A, "C0CLUBA01")
    reminder = Outgoing("club:1:session:1:reminder", club_a, PostKind.REMINDER, Notice("Soon"))
    await poster.post(reminder)  # caches team A's client

    uninstalled = sr.event_callback({"type": "app_uninstalled"}, team_id=TEAM_A)
    assert (await installer.slack.post(uninstalled))[0] == 200
    store = installer.workspaces.store
    await gone(store, TEAM_A)
    assert await store.async_find_installation(enterprise_id=None, team_id=TEAM_A) is None
    with pytest.raises(NotInstalled, match=TEAM_A):
        await poster.post(reminder)
    with pytest.raises(NotInstalled):
        await poster.find_posted(reminder)

    # Team A's members hear that the app is gone; team B carries on.
    answer = await installer.command("help", TEAM_A, channel="C0CLUBA01")
    assert "no longer available" in answer["text"]
    club_b = ClubKey(Platform.SLACK, TEAM_B, "C0CLUBB01")
    await poster.post(
        Outgoing("club:2:session:1:reminder", club_b, PostKind.REMINDER, Notice("Soon"))
    )
    assert fake.calls_to("chat.postMessage")[-1].token == token_b

    # Revoking the bot token has the same effect; installing again brings posts back.
    revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": [fake.bot_user_id]}}
    assert (await installer.slack.post(sr.event_callback(revoked, team_id=TEAM_B)))[0] == 200
    await gone(store, TEAM_B)
    with pytest.raises(NotInstalled, match=TEAM_B):
        await poster.post(
            Outgoing("club:2:session:2:reminder", club_b, PostKind.REMINDER, Notice("x"))
        )
    token_a = await installer.install(TEAM_A)
    await poster.post(reminder)
    assert fake.calls_to("chat.postMessage")[-1].token == token_a


async def test_the_runner_serves_installs_and_posts_per_workspace(
    services: Services, fake: FakeSlack
) -> None:
    port = _free_port()
    # SLACK_APP_TOKEN set as well: OAuth needs the HTTP routes, so it wins over Socket Mode.
    svc = slack_services(
        services,
        fake,
        http_port=port,
        metrics_port=0,
        slack_app_token=SecretStr("xapp-1-unused"),
        **OAUTH,
    )
    assert runner.missing_settings(svc.settings) is None
    async with serving(svc) as slack, aiohttp.ClientSession() as session:
        url = f"http://127.0.0.1:{port}/slack/install"

        async def get() -> int | None:
            with contextlib.suppress(aiohttp.ClientConnectionError):
                async with session.get(url, allow_redirects=False) as resp:
                    return resp.status
            return None

        # The server starts in the background task: the first request that connects counts.
        assert await eventually(get, lambda status: status is not None) == 302
        poster = slack.poster
        club = ClubKey(Platform.SLACK, TEAM_B, "C0CLUBB01")
        with pytest.raises(NotInstalled):
            await poster.post(
                Outgoing("club:2:session:1:start", club, PostKind.START, Notice("Now"))
            )
    assert fake.socket_connections == 0


def test_half_an_oauth_setup_is_refused_before_starting(services: Services) -> None:
    settings = services.settings.model_copy(
        update={"slack_bot_token": SecretStr("xoxb-1"), "slack_client_id": CLIENT_ID}
    )
    assert not settings.slack_oauth
    problem = runner.missing_settings(settings)
    assert problem is not None and "SLACK_CLIENT_SECRET" in problem
    with_secret = settings.model_copy(update={"slack_client_secret": SecretStr(CLIENT_SECRET)})
    assert "SLACK_SIGNING_SECRET" in (runner.missing_settings(with_secret) or "")
    assert "slack" not in with_secret.platforms_configured()
    oauth = with_secret.model_copy(
        update={"slack_signing_secret": SecretStr("s"), "slack_bot_token": None}
    )
    assert oauth.slack_oauth and oauth.platforms_configured() == ["slack"]


async def test_a_token_is_cached_for_a_minute(services: Services, fake: FakeSlack) -> None:
    """Another replica may handle the uninstall: this one notices within the cache's lifetime."""
    svc = slack_services(services, fake, **OAUTH)
    now = [0.0]
    workspaces = Workspaces(
        svc.settings,
        svc.engine,
        svc.deps.clock,
        build_client(svc.settings),
        monotonic=lambda: now[0],
    )
    token = fake.add_oauth_code("code", team_id=TEAM_A)
    installation = Installation(team_id=TEAM_A, bot_token=token, bot_id="B0", user_id="U0")
    await workspaces.store.async_save(installation)
    assert (await workspaces.client(TEAM_A)).token == token
    await workspaces.store.async_delete_all(enterprise_id=None, team_id=TEAM_A)
    now[0] += 59
    assert (await workspaces.client(TEAM_A)).token == token
    now[0] += 2
    with pytest.raises(NotInstalled):
        await workspaces.client(TEAM_A)
