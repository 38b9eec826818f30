"""Slack installations and OAuth states on the real databases, through slack_sdk's interfaces."""

from __future__ import annotations

from datetime import timedelta

from slack_sdk.oauth.installation_store.models.installation import Installation

from bot.adapters.slack.oauth_states import STATE_SECONDS, SignedStates
from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.storage.slack_installations import SqlInstallationStore, SqlUsedStates

TEAM_A, TEAM_B = "T0TEAMA01", "T0TEAMB01"


def installation(
    team: str, token: str, *, user: str = "U0INST001", at: float = 1e9
) -> Installation:
    return Installation(
        app_id="A0APP0001",
        team_id=team,
        team_name=f"Team {team}",
        bot_token=token,
        bot_id="B0BOT0001",
        bot_user_id="U0BOT0001",
        bot_scopes="commands,chat:write",
        bot_refresh_token="xoxe-1-refresh",
        bot_token_expires_at=2_000_000_000,
        user_id=user,
        token_type="bot",
        installed_at=at,
    )


async def test_installations_round_trip_by_team(services: Services) -> None:
    store = SqlInstallationStore(services.engine)
    await store.async_save(installation(TEAM_A, "xoxb-a-1"))
    await store.async_save(installation(TEAM_B, "xoxb-b-1"))

    found = await store.async_find_installation(enterprise_id=None, team_id=TEAM_A)
    assert found is not None
    assert (found.team_id, found.team_name, found.enterprise_id) == (TEAM_A, "Team T0TEAMA01", None)
    assert (found.bot_token, found.bot_id, found.bot_user_id) == (
        "xoxb-a-1",
        "B0BOT0001",
        "U0BOT0001",
    )
    assert found.bot_scopes == ["commands", "chat:write"]
    assert (found.bot_refresh_token, found.bot_token_expires_at) == (
        "xoxe-1-refresh",
        2_000_000_000,
    )
    assert (found.user_id, found.user_scopes, found.installed_at) == ("U0INST001", [], 1e9)
    bot = await store.async_find_bot(enterprise_id=None, team_id=TEAM_B)
    assert bot is not None and bot.bot_token == "xoxb-b-1" and bot.team_id == TEAM_B
    assert await store.async_find_bot(enterprise_id=None, team_id="T0NOWHERE") is None

    # Installing again replaces the installer's row; another installer's newer row wins.
    await store.async_save(installation(TEAM_A, "xoxb-a-2", at=1e9 + 1))
    await store.async_save(installation(TEAM_A, "xoxb-a-3", user="U0OTHER01", at=1e9 + 2))
    bot = await store.async_find_bot(enterprise_id=None, team_id=TEAM_A)
    assert bot is not None and bot.bot_token == "xoxb-a-3"
    mine = await store.async_find_installation(
        enterprise_id=None, team_id=TEAM_A, user_id="U0INST001"
    )
    assert mine is not None and mine.bot_token == "xoxb-a-2"

    await store.async_delete_bot(enterprise_id=None, team_id=TEAM_A)
    assert await store.async_find_bot(enterprise_id=None, team_id=TEAM_A) is None
    assert await store.async_find_installation(enterprise_id=None, team_id=TEAM_A) is not None
    await store.async_delete_all(enterprise_id=None, team_id=TEAM_A)
    assert await store.async_find_installation(enterprise_id=None, team_id=TEAM_A) is None
    assert await store.async_find_bot(enterprise_id=None, team_id=TEAM_B) is not None


async def test_an_org_wide_install_is_found_by_its_org(services: Services) -> None:
    store = SqlInstallationStore(services.engine)
    org = installation("T0WHEREVER", "xoxb-org")
    org.enterprise_id, org.is_enterprise_install = "E0ORG0001", True
    await store.async_save(org)
    bot = await store.async_find_bot(
        enterprise_id="E0ORG0001", team_id="T0MEMBER1", is_enterprise_install=True
    )
    assert bot is not None and bot.bot_token == "xoxb-org" and bot.is_enterprise_install
    await store.async_delete_all(enterprise_id="E0ORG0001", team_id=None)
    assert (
        await store.async_find_installation(
            enterprise_id="E0ORG0001", team_id=None, is_enterprise_install=True
        )
        is None
    )


async def test_states_are_good_once_until_they_expire(
    services: Services, clock: ManualClock
) -> None:
    states = SignedStates("client-secret", SqlUsedStates(services.engine), clock)
    first, second = await states.async_issue(), await states.async_issue()
    assert first != second and 32 <= len(first) <= 64
    assert await states.async_consume(first)
    assert not await states.async_consume(first)
    assert not await states.async_consume("made-up")
    assert not await states.async_consume("")

    clock.advance(timedelta(seconds=STATE_SECONDS + 1))
    assert not await states.async_consume(second)
    fresh = await states.async_issue()
    clock.advance(timedelta(seconds=STATE_SECONDS - 1))
    assert await states.async_consume(fresh)
    # Another app's secret (or another replica's, misconfigured) signs states that fail here.
    elsewhere = SignedStates("another-secret", SqlUsedStates(services.engine), clock)
    assert not await states.async_consume(await elsewhere.async_issue())


async def test_a_used_state_is_used_on_every_replica(
    services: Services, clock: ManualClock
) -> None:
    one = SignedStates("client-secret", SqlUsedStates(services.engine), clock)
    other = SignedStates("client-secret", SqlUsedStates(services.engine), clock)
    state = await one.async_issue()
    assert await other.async_consume(state)
    assert not await one.async_consume(state)
