"""Portable backups: every table as JSON, restorable into SQLite or PostgreSQL.

A backup records its schema revision. Restoring migrates the (empty) target to that revision,
loads the rows, then upgrades to the newest schema, so old backups stay usable and a club can
move from SQLite to PostgreSQL this way.
"""

from __future__ import annotations

import base64
import gzip
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, MetaData, Table, func, select, text

from bot.storage import migrate
from bot.storage.engine import make_sync_engine

FORMAT = "paperclub-backup/1"
SKIP = {"alembic_version"}


class BackupError(Exception):
    pass


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        # SQLite hands back naive values; every stored instant is UTC by construction.
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return {"$dt": aware.isoformat()}
    if isinstance(value, date):
        return {"$dt": value.isoformat()}
    if isinstance(value, bytes):
        return {"$b64": base64.b64encode(value).decode()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        if "$dt" in value:
            return datetime.fromisoformat(value["$dt"])
        if "$b64" in value:
            return base64.b64decode(value["$b64"])
    return value


def _tables(connection: Connection) -> list[Table]:
    metadata = MetaData()
    metadata.reflect(connection)
    return [t for t in metadata.sorted_tables if t.name not in SKIP]


def backup(url: str, path: Path) -> dict[str, int]:
    """Write every row to `path` (gzip JSON). Returns the row count per table."""
    revision = migrate.current(url)
    if revision is None:
        raise BackupError("the database has no schema yet: nothing to back up")
    engine = make_sync_engine(url)
    counts: dict[str, int] = {}
    data: dict[str, list[dict[str, Any]]] = {}
    try:
        # One transaction, so the backup is a consistent snapshot.
        with engine.begin() as connection:
            for table in _tables(connection):
                rows = connection.execute(select(table).order_by(*table.primary_key.columns))
                data[table.name] = [
                    {key: _encode(value) for key, value in row._mapping.items()} for row in rows
                ]
                counts[table.name] = len(data[table.name])
    finally:
        engine.dispose()
    document = {"format": FORMAT, "revision": revision, "tables": data}
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False)
    return counts


def restore(url: str, path: Path) -> dict[str, int]:
    """Load a backup into an empty database; refuses one that already holds clubs or members."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BackupError(f"{path} is not a paperclub backup ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"{path} is not a paperclub backup")
    migrate.upgrade(url, document["revision"])
    engine = make_sync_engine(url)
    counts: dict[str, int] = {}
    try:
        with engine.begin() as connection:
            tables = {t.name: t for t in _tables(connection)}
            for name in ("clubs", "members"):
                if name in tables and connection.scalar(
                    select(func.count()).select_from(tables[name])
                ):
                    raise BackupError("the target database is not empty; restore into a new one")
            for name in ("papers",):
                if name in tables:
                    connection.execute(tables[name].delete())
            for table in tables.values():
                rows = [
                    {key: _decode(value) for key, value in row.items()}
                    for row in document["tables"].get(table.name, [])
                ]
                if rows:
                    connection.execute(table.insert(), rows)
                counts[table.name] = len(rows)
            if connection.dialect.name == "postgresql":
                _reset_sequences(connection, list(tables.values()))
    finally:
        engine.dispose()
    migrate.upgrade(url)
    return counts


def _reset_sequences(connection: Connection, tables: list[Table]) -> None:
    # Rows were inserted with their ids, so each serial sequence must move past them.
    for table in tables:
        if "id" not in table.columns:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )
