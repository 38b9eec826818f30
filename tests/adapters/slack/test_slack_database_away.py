"""A Slack member whose command meets a database that is away is told so plainly (issue 11), in
OAuth mode too, where the database is read before any listener runs: Bolt looks the
workspace's installation up in it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.bootstrap import Services
from bot.storage.uow import UNAVAILABLE
from tests.adapters.slack.oauth_harness import TEAM_A, Installer

pytestmark = pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")


@contextlib.contextmanager
def database_away(engine: AsyncEngine) -> Iterator[None]:
    """Every statement fails as the driver fails when the database cannot be reached."""
    driver = engine.dialect.loaded_dbapi

    def refuse(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        # Raised as SQLAlchemy raises a driver's failure from execute: SQLAlchemy 2.1 also wraps
        # an event's driver error, 2.0 (our floor) passes it through unwrapped.
        raise sa_exc.OperationalError(statement, params, driver.OperationalError("unreachable"))

    event.listen(engine.sync_engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", refuse)


async def test_an_installed_workspace_is_told_the_database_is_away(
    installer: Installer, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    await installer.install(TEAM_A)
    answer = await installer.command("club setup wed 18:00 UTC", TEAM_A, channel="C0CLUBA01")
    assert "is set up" in answer["text"], answer
    with database_away(services.engine):
        told = await installer.command("paper", TEAM_A, channel="C0CLUBA01")
    # Not "your installation is no longer available. Please reinstall this app".
    assert told["text"] == f"{UNAVAILABLE} Please try again in a minute.", told
    assert told["response_type"] == "ephemeral"
    assert "reinstall" not in caplog.text.casefold()
    # Once it is back, the same workspace is served as before.
    back = await installer.command("paper", TEAM_A, channel="C0CLUBA01")
    assert UNAVAILABLE not in back["text"] and "reinstall" not in str(back).casefold(), back
