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
from sqlalchemy.exc import DBAPIError

from bot.storage import migrate
from bot.storage.backup_checks import (
    DEFAULT_MAX_BYTES,
    BackupError,
    check_document,
    check_rows,
    read_document,
)
from bot.storage.engine import make_sync_engine

__all__ = ["DEFAULT_MAX_BYTES", "BackupError", "backup", "restore"]

FORMAT = "paperclub-backup/1"
SKIP = {"alembic_version"}


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


def restore(url: str, path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, int]:
    """Load a backup into an empty database; refuses one that already holds clubs or members.

    Nothing is written until the whole file has been read (within `max_bytes` once
    decompressed) and every row checked against the schema it is restored into."""
    document = read_document(path, max_bytes)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"{path} is not a paperclub backup")
    revision = document.get("revision")
    if not isinstance(revision, str) or not migrate.is_known(revision):
        shown = str(revision)[:40]
        raise BackupError(
            f"{path} was made at schema revision {shown!r}, which this paperclub does not know "
            "(made by a newer version?)"
        )
    migrate.upgrade(url, revision)
    engine = make_sync_engine(url)
    counts: dict[str, int] = {}
    try:
        with engine.begin() as connection:
            tables = {t.name: t for t in _tables(connection)}
            check_document(document, path, tables)
            for name in ("clubs", "members"):
                if name in tables and connection.scalar(
                    select(func.count()).select_from(tables[name])
                ):
                    raise BackupError("the target database is not empty; restore into a new one")
            data = document["tables"]
            rows = {name: check_rows(table, data.get(name, [])) for name, table in tables.items()}
            for name in ("papers",):
                if name in tables:
                    connection.execute(tables[name].delete())
            for table in tables.values():
                if rows[table.name]:
                    connection.execute(table.insert(), rows[table.name])
                counts[table.name] = len(rows[table.name])
            if connection.dialect.name == "postgresql":
                _reset_sequences(connection, list(tables.values()))
    except DBAPIError as exc:
        # A constraint the checks above do not cover (a duplicate id, a dangling reference).
        raise BackupError(f"{path} could not be restored: {_first_line(exc.orig or exc)}") from None
    finally:
        engine.dispose()
    migrate.upgrade(url)
    return counts


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


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
