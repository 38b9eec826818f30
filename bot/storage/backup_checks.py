"""Reading a backup file someone handed us: bounded while it decompresses, checked before use.

A 1 MB gzip bomb decompressed to 2.1 GB before anything looked at it, and SQLite stores whatever
it is given, so a hand-edited backup restored a text where a date belongs. Here the file is
decompressed in chunks up to a limit, its JSON nesting is checked before parsing, and every row
of every table is checked against the column types of the schema it is restored into, before
the first row is written: a JSON column's value too, against the shape the bot reads it as
(`authors` a list of texts, a poll's `candidates` a list of ids), since no database checks
those and a paper whose authors are a number stops every reply that shows it. Every failure is
a BackupError with one line for the operator.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
import zlib
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import Column, Table
from sqlalchemy import types as sqltypes

from bot.readinglist.parsers.safe_load import json_depth_exceeds
from bot.storage.tables import Base

# A year of a busy club deployment is a few megabytes; this leaves room without letting a bomb in.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_CHUNK = 1024 * 1024
# A backup is tables → rows → a JSON column's value; its own values may nest a little.
MAX_DEPTH = 32


class BackupError(Exception):
    pass


def read_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Any:
    """The JSON document in a gzip file, refusing one that decompresses past `max_bytes`."""
    limit = f"{max_bytes / (1024 * 1024):,.0f} MB"
    chunks: list[bytes] = []
    size = 0
    try:
        with gzip.open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise BackupError(
                        f"{path} decompresses to more than {limit}, the most a restore reads "
                        "(pass --max-mb for a larger genuine backup)"
                    )
                chunks.append(chunk)
    except (OSError, EOFError, zlib.error) as exc:
        raise BackupError(f"{path} is not a paperclub backup ({_first_line(exc)})") from None
    try:
        text = b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError:
        raise BackupError(f"{path} is not a paperclub backup (not UTF-8 JSON)") from None
    del chunks
    deep = json_depth_exceeds(text, MAX_DEPTH)
    if deep is not None:
        raise BackupError(f"{path} is not a paperclub backup (JSON nested too deeply, line {deep})")
    try:
        return json.loads(text)
    except ValueError as exc:  # JSONDecodeError, and integers too long to convert
        raise BackupError(f"{path} is not a paperclub backup ({_first_line(exc)})") from None


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def decode(value: Any) -> Any:
    """A value as backup() encoded it: {"$dt": iso} and {"$b64": …} become their types."""
    if isinstance(value, dict) and len(value) == 1:
        if "$dt" in value and isinstance(value["$dt"], str):
            try:
                return datetime.fromisoformat(value["$dt"])
            except ValueError:
                raise ValueError(f"{value['$dt'][:40]!r} is not a date-time") from None
        if "$b64" in value and isinstance(value["$b64"], str):
            try:
                return base64.b64decode(value["$b64"], validate=True)
            except (binascii.Error, ValueError):
                raise ValueError("invalid base64") from None
    return value


def _kind(column: Column[Any]) -> str:
    """The shape a value of `column` must have, named for the error message."""
    kind = column.type
    if isinstance(kind, sqltypes.Boolean):
        return "a true/false"
    if isinstance(kind, sqltypes.Integer):
        return "a whole number"
    if isinstance(kind, sqltypes.Float | sqltypes.Numeric):
        return "a number"
    if isinstance(kind, sqltypes.DateTime):
        return "a date-time"
    if isinstance(kind, sqltypes.Date):
        return "a date"
    if isinstance(kind, sqltypes.JSON):
        return "JSON"
    if isinstance(kind, sqltypes.String):
        return "text"
    if isinstance(kind, sqltypes._Binary):
        return "bytes"
    return "any"


def _fits(kind: str, value: Any) -> bool:
    if kind == "a true/false":
        return isinstance(value, bool) or value in (0, 1)
    if kind == "a whole number":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "a number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "a date-time":
        return isinstance(value, datetime)
    if kind == "a date":
        return isinstance(value, date)
    if kind == "text":
        return isinstance(value, str)
    if kind == "bytes":
        return isinstance(value, bytes)
    return True  # JSON and types we do not know: the database's own checks apply


def _said(shape: Any) -> str:
    """A JSON shape as the error message names it: "a list of whole numbers"."""
    args = get_args(shape)
    if get_origin(shape) is list:
        return f"a list of {_said(args[0]).removeprefix('a ').removeprefix('an ')}s"
    if get_origin(shape) is dict:
        return "a mapping" if args[1] is object else f"a mapping of names to {_said(args[1])}s"
    return {str: "text", int: "whole number"}.get(shape, "value")


@cache
def _json_shapes() -> dict[tuple[str, str], tuple[str, TypeAdapter[Any]]]:
    """(table, column) of every JSON column → its shape's name and a strict validator, read from
    the rows' annotations (`Mapped[list[str]]`), so a new JSON column is checked too."""
    shapes: dict[tuple[str, str], tuple[str, TypeAdapter[Any]]] = {}
    for mapper in Base.registry.mappers:
        table = mapper.local_table
        if not isinstance(table, Table):
            continue
        hints = get_type_hints(mapper.class_)
        for column in mapper.columns:
            if not isinstance(column.type, sqltypes.JSON) or column.key not in hints:
                continue
            (shape,) = get_args(hints[column.key])  # Mapped[shape]
            shapes[(table.name, column.name)] = (
                _said(shape),
                TypeAdapter(shape, config={"strict": True}),
            )
    return shapes


def _json_fits(table: str, name: str, value: Any) -> str | None:
    """What `value` must be, when the JSON column `table.name` cannot hold it."""
    known = _json_shapes().get((table, name))
    if known is None:
        return None
    said, adapter = known
    try:
        adapter.validate_python(value)
    except ValidationError:
        return said
    return None


def check_rows(table: Table, rows: Any) -> list[dict[str, Any]]:
    """`rows` of `table` decoded and checked, or BackupError naming the first bad value."""
    if not isinstance(rows, list):
        raise BackupError(f"table {table.name}: expected a list of rows")
    kinds = {column.name: (_kind(column), column) for column in table.columns}
    checked: list[dict[str, Any]] = []
    for number, row in enumerate(rows, start=1):
        where = f"table {table.name}, row {number}"
        if not isinstance(row, dict):
            raise BackupError(f"{where}: expected a mapping of columns")
        unknown = sorted(str(key)[:40] for key in row if key not in kinds)
        if unknown:
            raise BackupError(f"{where}: no such column {unknown[0]!r}")
        decoded: dict[str, Any] = {}
        for name, raw in row.items():
            kind, column = kinds[name]
            try:
                value = decode(raw)
            except ValueError as exc:
                raise BackupError(f"{where}: {name}: {exc}") from None
            if value is None:
                if not column.nullable and not column.primary_key:
                    raise BackupError(f"{where}: {name} must not be empty")
            elif not _fits(kind, value):
                got = type(value).__name__
                raise BackupError(f"{where}: {name} must be {kind}, not {got}")
            elif kind == "JSON" and (shape := _json_fits(table.name, name, value)) is not None:
                raise BackupError(f"{where}: {name} must be {shape}")
            elif kind == "text" and isinstance(column.type, sqltypes.String):
                length = column.type.length
                if length is not None and len(value) > length:
                    raise BackupError(f"{where}: {name} is longer than {length} characters")
            decoded[name] = value
        checked.append(decoded)
    return checked


def check_document(document: Any, path: Path, tables: Mapping[str, Table]) -> None:
    """The shape of the whole document; rows are checked table by table by check_rows."""
    data = document.get("tables") if isinstance(document, dict) else None
    if not isinstance(data, dict):
        raise BackupError(f"{path} is not a paperclub backup (no tables)")
    # An empty table the schema lacks holds nothing to lose; rows in one would be dropped.
    unknown = sorted(str(name)[:40] for name, rows in data.items() if name not in tables and rows)
    if unknown:
        raise BackupError(f"{path} has a table this schema does not know: {unknown[0]}")
