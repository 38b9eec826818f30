"""Schema 0018 (the club page's chosen name) upgrades a 0017 database full of clubs, on SQLite
and PostgreSQL: every club keeps its page, none has a name, names are then one club's, and
the step can be undone."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from bot.storage import migrate
from bot.storage.engine import make_sync_engine
from tests.conftest import BACKENDS, PG_ENV, scratch_postgres


@pytest.fixture(params=BACKENDS)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no schema at all, to migrate step by step."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'm.sqlite3'}"
        return
    with scratch_postgres(os.environ[PG_ENV], "paperclub_m18") as url:
        yield url


CLUB_ROW = """INSERT INTO clubs (platform, workspace_id, channel_id, name, weekday, local_time,
    timezone, cadence_weeks, session_minutes, language, voting_method, poll_candidates,
    anonymous_polls, announce_before_minutes, remind_before_minutes, checkin_grace_minutes,
    post_announcement, post_reminder, post_start, post_vote, paused, page_token, page_digest,
    created_at)
    VALUES (:platform, 'w', :channel, :name, 2, '18:00', 'UTC', 1, 60, 'en', 'plurality', 4,
    false, 4320, 60, 30, true, true, true, true, false, :token, :digest, :created)"""


def _fill(engine: Engine) -> None:
    created = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    with engine.begin() as connection:
        for n, platform in enumerate(("discord", "slack", "console", "discord")):
            token = f"token-{n:02d}-" + "x" * 40 if n != 2 else None
            connection.execute(
                text(CLUB_ROW),
                {
                    "platform": platform,
                    "channel": f"c{n}",
                    "name": f"Club {n}",
                    "token": token,
                    "digest": f"{n:064d}" if token else None,
                    "created": created,
                },
            )


def test_upgrading_0017_with_clubs_keeps_their_pages_and_names_none(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0017")
    engine = make_sync_engine(empty_url)
    try:
        _fill(engine)
        before = _clubs(engine, "id, platform, channel_id, name, page_token")
        migrate.upgrade(empty_url)
        assert migrate.current(empty_url) == migrate.head() == "0018"
        after = _clubs(engine, "id, platform, channel_id, name, page_token, page_slug")
        assert [row[:-1] for row in after] == before
        assert {row[-1] for row in after} == {None}
        # Names are now one club's, whatever the platform.
        with engine.begin() as connection:
            connection.execute(text("UPDATE clubs SET page_slug = 'our-club' WHERE id = 1"))
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(text("UPDATE clubs SET page_slug = 'our-club' WHERE id = 2"))
        migrate.downgrade(empty_url, "0017")
        assert _clubs(engine, "id, platform, channel_id, name, page_token") == before
        migrate.upgrade(empty_url)
        assert {row[-1] for row in _clubs(engine, "page_slug")} == {None}
    finally:
        engine.dispose()


def _clubs(engine: Engine, columns: str) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(text(f"SELECT {columns} FROM clubs ORDER BY id"))
        return [tuple(row) for row in rows]
