"""INSERT … ON CONFLICT on whichever database this is: the one place that picks the dialect.

SQLAlchemy's generic `insert` has no ON CONFLICT; PostgreSQL's and SQLite's both have
`on_conflict_do_nothing` and `on_conflict_do_update` (with `excluded`), spelled alike.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect


def upsert(dialect: Dialect, table: Any) -> Any:
    """The dialect's INSERT for `table` (a model class or a Table)."""
    return upsert_named(dialect.name, table)


def upsert_named(dialect_name: str, table: Any) -> Any:
    """The same, by the dialect's name (for statements built once per dialect and kept)."""
    module = postgresql if dialect_name == "postgresql" else sqlite
    return module.insert(table)
