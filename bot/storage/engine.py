"""Engines for the configured DATABASE_URL: SQLite by default, PostgreSQL in production."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


@dataclass(frozen=True, slots=True)
class DatabaseTimeouts:
    """How long the bot waits for its database before telling the member it is away.

    ``connect``: to open a PostgreSQL connection, or to get one from the pool. ``statement``:
    for one PostgreSQL statement, waiting for locks included (``statement_timeout``). ``busy``:
    for SQLite's write lock held by another process (the busy timeout). Without them a hung
    database held commands for as long as the TCP stack cared to (60 s and more).
    """

    connect: float = 5.0
    statement: float = 15.0
    busy: float = 5.0


DEFAULT_BUSY = DatabaseTimeouts().busy
# A pooled PostgreSQL connection unused for longer than this is pinged before it is handed out.
PING_AFTER_IDLE_S = 1.0
_RETURNED_AT = "paperclub.returned_at"


def _driver_url(url: str, *, asynchronous: bool) -> str:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        driver = "aiosqlite" if asynchronous else "pysqlite"
    elif backend == "postgresql":
        driver = "psycopg"  # psycopg 3 speaks both sync and async
    else:
        raise ValueError(f"unsupported database {backend!r}: use sqlite:/// or postgresql://")
    return parsed.set(drivername=f"{backend}+{driver}").render_as_string(hide_password=False)


def async_url(url: str) -> str:
    return _driver_url(url, asynchronous=True)


def sync_url(url: str) -> str:
    return _driver_url(url, asynchronous=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def missing_sqlite_file(url: str) -> Path | None:
    """The file of a file-backed SQLite URL when it does not exist (opening it would create it)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(parsed.database).expanduser()
    return None if path.exists() else path


def ensure_sqlite_dir(url: str) -> None:
    """Create the folder of a file-backed SQLite database so a fresh clone just works."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _sqlite_migration_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Alembic rebuilds SQLite tables to alter them (copy, drop, rename). With foreign keys on,
    # dropping the old table would cascade and delete every row that refers to it.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, *, busy: float = DEFAULT_BUSY) -> None:
    # WAL lets readers run beside the one writer; busy_timeout makes writers queue instead of
    # failing at once (for so long, then "database is locked"); SQLite leaves foreign keys off
    # unless asked.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={int(busy * 1000)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_async_engine(
    url: str, *, timeouts: DatabaseTimeouts | None = None, **kwargs: Any
) -> AsyncEngine:
    """The bot's engine. Every wait on the database is bounded by ``timeouts``."""
    limits = timeouts or DatabaseTimeouts()
    ensure_sqlite_dir(url)
    if is_sqlite(url):
        kwargs.setdefault("connect_args", {}).setdefault("timeout", limits.busy)
        engine = create_async_engine(async_url(url), **kwargs)
        event.listen(engine.sync_engine, "connect", partial(_sqlite_pragmas, busy=limits.busy))
        return engine
    ping_after = kwargs.pop("ping_after_idle", PING_AFTER_IDLE_S)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    # A pool emptied by a hung database must not make the next command wait 30 s for a slot.
    kwargs.setdefault("pool_timeout", limits.connect)
    connect_args = kwargs.setdefault("connect_args", {})
    # libpq counts whole seconds (and at least 2); a startup option, not a SET, so a rolled
    # back transaction cannot undo it and every pooled connection has it.
    connect_args.setdefault("connect_timeout", max(2, math.ceil(limits.connect)))
    connect_args.setdefault("options", f"-c statement_timeout={int(limits.statement * 1000)}")
    engine = create_async_engine(async_url(url), **kwargs)
    if not kwargs.get("pool_pre_ping"):
        _ping_when_idle(engine.sync_engine, ping_after)
    return engine


# The readers' pool is smaller than the bot's (10 + 20): a burst's reads of one club share one
# query (single flight), and a read of about a millisecond leaves ten connections serving
# thousands a second. A process then holds at most 40 of the server's connections.
READER_POOL_SIZE = 5
READER_MAX_OVERFLOW = 5


def make_reader_engine(
    url: str, *, timeouts: DatabaseTimeouts | None = None, **kwargs: Any
) -> AsyncEngine | None:
    """An engine for reads that are one statement each: None on SQLite (its readers share the
    bot's engine). On PostgreSQL its connections are in autocommit and read-only at the server.

    Autocommit: no BEGIN before the statement and no ROLLBACK after it, so one round trip
    instead of three (a vote click's club-and-open-poll read, A/B x4: 0.75-0.94 -> 0.59-0.62 ms
    of CPU, p50 wall 1.1-3.8 -> 0.70-0.93 ms). Without a transaction a stray write would be
    saved where the reader's rollback discarded it; so every connection is opened with
    ``default_transaction_read_only`` on (a startup option: no SET, no round trip per checkout)
    and the server refuses any write made through it ("cannot execute ... in a read-only
    transaction"). Pings, timeouts and reconnecting are the bot engine's (`make_async_engine`).
    """
    if is_sqlite(url):
        return None
    limits = timeouts or DatabaseTimeouts()
    kwargs.setdefault("pool_size", READER_POOL_SIZE)
    kwargs.setdefault("max_overflow", READER_MAX_OVERFLOW)
    kwargs["isolation_level"] = "AUTOCOMMIT"
    connect_args = kwargs.setdefault("connect_args", {})
    # Appended to whatever options were asked for: the guarantee does not depend on the caller.
    options = connect_args.get("options", f"-c statement_timeout={int(limits.statement * 1000)}")
    connect_args["options"] = f"{options} -c default_transaction_read_only=on"
    return make_async_engine(url, timeouts=limits, **kwargs)


def _ping_when_idle(engine: Engine, after: float) -> None:
    """Ping a pooled connection before handing it out only if it sat unused for `after` seconds.

    SQLAlchemy's pre-ping pings at every checkout: one more round trip for every unit of work,
    about 0.45 ms of CPU on PostgreSQL, twice per vote click (its read and its ballot's
    transaction). A connection that served a command a moment ago is alive as surely as a
    ping could say; one that waited through a quiet spell, when a restarted or failed-over
    server is found, is pinged as before, and a dead one is replaced without the member
    noticing. What is given up: a server restarted within `after` seconds of a connection's
    last use fails that connection's next command once (told plainly, as any command in flight
    during the restart is), and its failure invalidates the rest of the pool.
    """

    def returned(_dbapi_connection: Any, record: Any, *_: Any) -> None:
        if record is not None:
            record.info[_RETURNED_AT] = time.monotonic()

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        last = record.info.get(_RETURNED_AT)
        if last is not None and time.monotonic() - last < after:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:
            # The pool drops this connection and checks out another (a new one if need be).
            raise DisconnectionError("the pooled connection did not answer a ping") from exc
        if not alive:
            raise DisconnectionError("the pooled connection did not answer a ping")

    event.listen(engine, "connect", returned)  # a new connection needs no ping
    event.listen(engine, "checkin", returned)
    event.listen(engine, "checkout", checkout)


def make_sync_engine(url: str, *, for_migrations: bool = False, **kwargs: Any) -> Engine:
    ensure_sqlite_dir(url)
    if not is_sqlite(url):
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(sync_url(url), **kwargs)
    if is_sqlite(url):
        pragmas = _sqlite_migration_pragmas if for_migrations else _sqlite_pragmas
        event.listen(engine, "connect", pragmas)
    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
