"""The unauthenticated side of OAuth: /slack/install and /slack/oauth_redirect.

Anyone can open the install link, so it must neither write to the database nor let its query
reach Slack's authorize URL unencoded; a state is good once, for ten minutes, from the browser
it was given to, and twenty callbacks racing on one state install once.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import event, func, select
from yarl import URL

from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.storage.tables import SlackInstallationRow, SlackOAuthStateRow
from tests.adapters.slack.oauth_harness import CLIENT_ID, TEAM_A, Installer

pytestmark = pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")


async def _install_page(installer: Installer, query: str = "") -> tuple[int, URL | None]:
    url = f"{installer.base}/slack/install{query}"
    async with installer.slack.session.get(url, allow_redirects=False) as resp:
        location = resp.headers.get("Location")
        return resp.status, URL(location) if location else None


async def _count(services: Services, table: type) -> int:
    async with services.engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(table)) or 0)


@pytest.mark.parametrize(
    "team",
    [
        "T0TEAMA01&redirect_uri=https://evil.example/steal",
        "T0TEAMA01&scope=admin,channels:history",
        "T0TEAMA01#fragment",
        "T0TEAMA01 ",
        "../../etc",
        "t0teama01",
        "",
        "T" + "0" * 200,
    ],
)
async def test_a_malformed_team_is_refused_and_never_reaches_the_authorize_url(
    installer: Installer, team: str
) -> None:
    status, location = await _install_page(installer, "?" + urlencode({"team": team}))
    assert status == 400
    assert location is None


async def test_the_authorize_url_is_built_with_encoding(installer: Installer) -> None:
    status, location = await _install_page(installer, f"?team={TEAM_A}")
    assert status == 302 and location is not None
    query = location.query
    for key in ("client_id", "scope", "state", "team"):
        assert len(query.getall(key)) == 1, key
    assert query["team"] == TEAM_A
    assert query["client_id"] == CLIENT_ID
    assert "redirect_uri" not in query  # none configured: Slack uses the app's own
    assert "commands" in query["scope"].split(",")


async def test_unauthenticated_install_pages_write_no_rows(
    installer: Installer, services: Services
) -> None:
    """The attack run: every GET /slack/install wrote a state row (561 a second)."""
    writes: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        if not statement.lstrip().upper().startswith("SELECT"):
            writes.append(statement)

    sync_engine = services.engine.sync_engine
    event.listen(sync_engine, "before_cursor_execute", record)
    try:
        states = set()
        for _ in range(200):
            status, location = await _install_page(installer)
            assert status == 302 and location is not None
            states.add(location.query["state"])
    finally:
        event.remove(sync_engine, "before_cursor_execute", record)
    assert len(states) == 200
    assert writes == []
    assert await _count(services, SlackOAuthStateRow) == 0


async def test_forged_tampered_and_missing_states_are_refused(installer: Installer) -> None:
    installer.fake.add_oauth_code("code-a", team_id=TEAM_A)
    state = await installer.start()
    tampered = state[:-2] + ("AA" if not state.endswith("AA") else "BB")
    assert (await installer.finish("code-a", "forged-state"))[0] == 401
    assert (await installer.finish("code-a", tampered))[0] == 401
    assert (await installer.finish("code-a", ""))[0] in (400, 401)
    async with installer.slack.session.get(
        f"{installer.base}/slack/oauth_redirect", params={"code": "code-a"}
    ) as resp:
        assert resp.status == 400  # no state at all, and no cookie
    assert not installer.fake.calls_to("oauth.v2.access")
    # The real state still works: refusing the forgeries did not use it up.
    assert (await installer.finish("code-a", state))[0] == 200


async def test_an_expired_state_is_refused(installer: Installer, clock: ManualClock) -> None:
    installer.fake.add_oauth_code("code-a", team_id=TEAM_A)
    state = await installer.start()
    clock.advance(timedelta(minutes=10, seconds=1))
    assert (await installer.finish("code-a", state))[0] == 401
    assert not installer.fake.calls_to("oauth.v2.access")


async def test_a_state_is_good_once(installer: Installer, services: Services) -> None:
    installer.fake.add_oauth_code("code-a", team_id=TEAM_A)
    installer.fake.add_oauth_code("code-b", team_id=TEAM_A)
    state = await installer.start()
    assert (await installer.finish("code-a", state))[0] == 200
    assert (await installer.finish("code-b", state))[0] == 401
    assert len(installer.fake.calls_to("oauth.v2.access")) == 1


async def test_twenty_concurrent_callbacks_on_one_state_install_once(
    installer: Installer, services: Services
) -> None:
    for n in range(20):
        installer.fake.add_oauth_code(f"code-{n}", team_id=TEAM_A)
    state = await installer.start()
    results = await asyncio.gather(*(installer.finish(f"code-{n}", state) for n in range(20)))
    assert sorted(status for status, _ in results) == [200] + [401] * 19
    assert len(installer.fake.calls_to("oauth.v2.access")) == 1
    assert await _count(services, SlackInstallationRow) == 1


async def test_used_states_are_forgotten_once_they_expire(
    installer: Installer, services: Services, clock: ManualClock
) -> None:
    """The rows that keep a state single-use do not pile up."""
    for n in range(5):
        installer.fake.add_oauth_code(f"code-{n}", team_id=TEAM_A)
        assert (await installer.finish(f"code-{n}", await installer.start()))[0] == 200
    assert await _count(services, SlackOAuthStateRow) <= 5
    clock.advance(timedelta(minutes=11))
    installer.fake.add_oauth_code("code-late", team_id=TEAM_A)
    assert (await installer.finish("code-late", await installer.start()))[0] == 200
    assert await _count(services, SlackOAuthStateRow) == 1
