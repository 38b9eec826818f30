"""Bulk rows into a scratch database at the driver's speed, still in SQLAlchemy's formats.

Core executemany spends most of its time per row binding parameters: for 4 million rows that
is minutes. Here each column's bind processor (the Table's type on this dialect, so a datetime
or JSON is stored exactly as the bot stores it) runs once per distinct value, and the rows go
to the driver as tuples: SQLite's `executemany`, PostgreSQL's `COPY … FROM STDIN` (psycopg).
For the bench's seeds only, where the same few instants and values repeat across many rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from psycopg.types.json import Json
from sqlalchemy import Connection, Table


def fast_sqlite_load(dbapi_connection: Any, _record: Any) -> None:
    """For a seed's own engine on SQLite: a page cache that holds the indexes being filled, and
    no foreign-key look-ups per row (the seed's rows refer to rows it wrote just before)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA cache_size=-131072")  # KiB: 128 MiB
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.close()


def write_rows(
    connection: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert `rows` (tuples in `columns` order) into `table`; returns how many."""
    dialect = connection.dialect
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
    ]
    finish = _copy_text if dialect.name == "postgresql" else None
    active = [(i, _memoized(p, finish)) for i, p in enumerate(processors) if p is not None]
    converted = []
    for row in rows:
        values = list(row)
        for i, process in active:
            values[i] = process(values[i])
        converted.append(values)
    if not converted:
        return 0
    names = ", ".join(columns)
    if dialect.name == "postgresql":
        driver = connection.connection.driver_connection
        assert driver is not None
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy,
        ):
            for row in converted:
                copy.write_row(row)
    else:
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"
        cursor = connection.connection.cursor()
        try:
            cursor.executemany(sql, converted)
        finally:
            cursor.close()
    return len(converted)


def _copy_text(value: Any) -> Any:
    """JSON as its text once, not dumped again by psycopg for every row (COPY parses it)."""
    return json.dumps(value.obj) if isinstance(value, Json) else value


def _memoized(
    process: Callable[[Any], Any], finish: Callable[[Any], Any] | None
) -> Callable[[Any], Any]:
    """The processor, run once per distinct value."""
    seen: dict[Any, Any] = {}
    if finish is not None:
        inner = process

        def process(value: Any) -> Any:
            return finish(inner(value))

    def run(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            result = seen[value] = process(value)
            return result
        except TypeError:  # unhashable: JSON's dicts and lists, told apart by their repr
            key = (type(value), repr(value))
            if key not in seen:
                seen[key] = process(value)
            return seen[key]

    return run
