"""A ballot batch's two upserts on PostgreSQL, each one short statement with array parameters.

SQLAlchemy's multi-row INSERT ("insertmanyvalues") renders a VALUES clause of 2,500 placeholders
for a batch of 500 members, and psycopg then parses that text again for every batch (it caches
only short statements): on PostgreSQL that was a quarter of a vote burst's CPU. Here each
column goes as one array and `unnest` turns them back into rows, so the statement is the same
short text for every batch (parsed once, then cached by psycopg) and a batch costs dumping its
arrays. The rows go in the order given, as the multi-row INSERT sent them, so two processes
still lock members in the same order.

What the tables' column types do on the way in is done here, the same way: instants are
refused when naive and stored in UTC (`UtcDateTime`), choices are stored as JSON text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.tables import BallotRow, MemberRow, UtcDateTime

_MEMBERS = MemberRow.__tablename__
_BALLOTS = BallotRow.__tablename__
_UTC = UtcDateTime()

MEMBER_UPSERT: TextClause = text(
    f"INSERT INTO {_MEMBERS} (platform, workspace_id, user_id, display_name, created_at) "
    "SELECT * FROM unnest(CAST(:platform AS VARCHAR[]), CAST(:workspace_id AS VARCHAR[]), "
    "CAST(:user_id AS VARCHAR[]), CAST(:display_name AS VARCHAR[]), "
    "CAST(:created_at AS TIMESTAMPTZ[])) "
    "ON CONFLICT (platform, workspace_id, user_id) "
    "DO UPDATE SET display_name = excluded.display_name "
    "RETURNING id, platform, workspace_id, user_id"
)

BALLOT_UPSERT: TextClause = text(
    f"INSERT INTO {_BALLOTS} (poll_id, member_id, choices, cast_at) "
    "SELECT u.poll_id, u.member_id, CAST(u.choices AS JSON), u.cast_at "
    "FROM unnest(CAST(:poll_id AS INTEGER[]), CAST(:member_id AS INTEGER[]), "
    "CAST(:choices AS TEXT[]), CAST(:cast_at AS TIMESTAMPTZ[])) "
    "AS u(poll_id, member_id, choices, cast_at) "
    "ON CONFLICT (poll_id, member_id) "
    "DO UPDATE SET choices = excluded.choices, cast_at = excluded.cast_at "
    # Another process may have stored a newer ballot of this member meanwhile.
    f"WHERE {_BALLOTS}.cast_at <= excluded.cast_at"
)


def _utc(value: object) -> datetime:
    assert isinstance(value, datetime)
    stored = _UTC.process_bind_param(value, None)
    assert stored is not None
    return stored


def _columns(rows: Sequence[dict[str, Any]], names: Sequence[str]) -> dict[str, list[Any]]:
    return {name: [row[name] for row in rows] for name in names}


async def upsert_members(
    connection: AsyncConnection, rows: Sequence[dict[str, Any]]
) -> list[tuple[int, str, str, str]]:
    """The member rows upserted; (id, platform, workspace, user) for each."""
    columns = _columns(rows, ("platform", "workspace_id", "user_id", "display_name"))
    columns["created_at"] = [_utc(row["created_at"]) for row in rows]
    result = await connection.execute(MEMBER_UPSERT, columns)
    return [(row[0], row[1], row[2], row[3]) for row in result]


async def upsert_ballots(connection: AsyncConnection, rows: Sequence[dict[str, Any]]) -> None:
    columns = _columns(rows, ("poll_id", "member_id"))
    columns["choices"] = [json.dumps(list(row["choices"])) for row in rows]
    columns["cast_at"] = [_utc(row["cast_at"]) for row in rows]
    await connection.execute(BALLOT_UPSERT, columns)
