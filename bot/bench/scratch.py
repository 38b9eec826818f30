"""A scratch database beside the configured one, so the bench never touches a club's data.

SQLite: a fresh file in a temporary folder. PostgreSQL: `CREATE DATABASE paperclub_bench_<random>`
on the same server, dropped at the end even when the bench fails.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.storage import migrate
from bot.storage.engine import is_sqlite, sync_url

PREFIX = "paperclub_bench_"


class ScratchError(RuntimeError):
    """The scratch database could not be made (usually: no CREATE DATABASE privilege)."""


def backend_of(url: str) -> str:
    return "sqlite" if is_sqlite(url) else "postgresql"


@contextmanager
def scratch_database(configured_url: str, *, migrated: bool = True) -> Iterator[str]:
    """Yield the URL of an empty (migrated) database of the same kind as `configured_url`."""
    if is_sqlite(configured_url):
        with tempfile.TemporaryDirectory(prefix=PREFIX) as folder:
            url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            if migrated:
                migrate.upgrade(url)
            yield url
        return
    yield from _postgres(configured_url, migrated=migrated)


def _postgres(configured_url: str, *, migrated: bool) -> Iterator[str]:
    name = PREFIX + secrets.token_hex(5)
    admin = create_engine(sync_url(configured_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except SQLAlchemyError as exc:
        admin.dispose()
        said = str(getattr(exc, "orig", None) or exc).strip()[:200]
        who = make_url(configured_url).username or "this user"
        raise ScratchError(
            f"could not create a scratch database on the configured PostgreSQL server as "
            f"{who!r}: the bench needs CREATE DATABASE (GRANT it, or run "
            f"ALTER ROLE {who} CREATEDB). Server said: {said}"
        ) from None
    url = make_url(configured_url).set(database=name).render_as_string(hide_password=False)
    try:
        if migrated:
            migrate.upgrade(url)
        yield url
    finally:
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()
