"""A database that is away, hung or held by someone else: the member is told so plainly (never
"Something went wrong on my side"), after the configured timeout rather than a minute or more,
and the bot carries on once the database is back."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.bootstrap import Services, build_services
from bot.core.commands.dispatch import UNEXPECTED
from bot.core.views import ErrorView, Notice
from bot.settings import Settings
from bot.storage.engine import sync_url
from tests.storage.test_database_outage import ADMIN, Proxy

FAST = {
    "database_busy_timeout": 0.2,
    "database_statement_timeout": 0.5,
    "database_connect_timeout": 2.0,
}

# Every member and admin command a club uses, with arguments, as typed.
COMMANDS = [
    "/paper",
    "/papers attention",
    "/schedule 3",
    "/rsvp going",
    "/attend",
    "/vote",
    "/vote open",
    "/vote results",
    "/stats",
    "/present",
    "/club show",
    "/club pause",
    "/club set language ko",
    "/club calendar",
    "/suggest Attention Is All You Need",
    "/papers import 1706.03762",
]
# Those that write whatever the club's state (the others may find nothing to write).
WRITES = {"/rsvp going", "/vote open", "/present", "/club pause", "/club set language ko"}


def assert_told_plainly(view: object) -> None:
    assert isinstance(view, ErrorView), view
    assert view.message != UNEXPECTED
    assert "database" in view.message and "nothing was saved" in view.message, view.message


async def built(url: str, **settings: object) -> Services:
    return await build_services(
        Settings(database_url=url, **FAST, **settings),  # type: ignore[arg-type]
        run_migrations=False,
        load_papers=False,
    )


@pytest.fixture
def sqlite_file(database_url: str) -> str:
    if make_url(database_url).get_backend_name() != "sqlite":
        pytest.skip("SQLite's write lock")
    return database_url


@contextlib.contextmanager
def write_lock_held(url: str) -> Iterator[None]:
    """Another process's write transaction (a CLI import, a backup) holding SQLite's lock."""
    other = sqlite3.connect(make_url(url).database or "", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


async def test_sqlite_locked_by_another_process_is_told_plainly(sqlite_file: str) -> None:
    services = await built(sqlite_file)
    try:
        d = services.dispatcher
        assert isinstance((await d.run_text("/club setup", ADMIN)).view, Notice)
        with write_lock_held(sqlite_file):
            assert_told_plainly((await d.run_text("/rsvp going", ADMIN)).view)
        recovered = (await d.run_text("/rsvp going", ADMIN)).view
        assert isinstance(recovered, Notice), recovered
    finally:
        await services.close()


@pytest.fixture
def postgres(database_url: str) -> str:
    if make_url(database_url).get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL's statement and connect timeouts")
    return database_url


@contextlib.contextmanager
def clubs_locked(url: str) -> Iterator[None]:
    """Another connection holding every club row's table in ACCESS EXCLUSIVE mode."""
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as other:
            other.execute(text("LOCK TABLE clubs IN ACCESS EXCLUSIVE MODE"))
            try:
                yield
            finally:
                other.rollback()
    finally:
        engine.dispose()


async def test_a_statement_blocked_by_a_lock_is_told_plainly(postgres: str) -> None:
    services = await built(postgres)
    try:
        d = services.dispatcher
        assert isinstance((await d.run_text("/club setup", ADMIN)).view, Notice)
        with clubs_locked(postgres):
            # Held until the statement timeout, not until the lock goes.
            assert_told_plainly((await d.run_text("/schedule 2", ADMIN)).view)
        assert "Every Wednesday" in repr((await d.run_text("/schedule 2", ADMIN)).view)
    finally:
        await services.close()


@contextlib.asynccontextmanager
async def black_hole() -> AsyncIterator[int]:
    """A port that accepts connections and never says a word: a hung database host."""
    held: list[asyncio.StreamWriter] = []

    async def swallow(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(swallow, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()


async def test_a_database_that_never_answers_the_connect_is_told_plainly(postgres: str) -> None:
    async with black_hole() as port:
        hung = make_url(postgres).set(host="127.0.0.1", port=port).render_as_string(False)
        services = await built(hung)
        try:
            assert_told_plainly((await services.dispatcher.run_text("/paper", ADMIN)).view)
        finally:
            await services.close()


@pytest.fixture
async def cut_off(database_url: str) -> AsyncIterator[tuple[Services, Proxy]]:
    """A set-up club whose PostgreSQL connection is then cut."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        pytest.skip("an outage of a network database; SQLite is a local file")
    proxy = Proxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(False)
    services = await built(proxied, lookup_timeout=0.5, arxiv_api_url="http://127.0.0.1:9/")
    try:
        assert isinstance((await services.dispatcher.run_text("/club setup", ADMIN)).view, Notice)
        await proxy.cut()
        yield services, proxy
    finally:
        await services.close()
        with contextlib.suppress(Exception):
            await proxy.cut()


@pytest.mark.parametrize("line", COMMANDS)
async def test_every_command_during_an_outage_is_told_plainly(
    cut_off: tuple[Services, Proxy], line: str
) -> None:
    services, _ = cut_off
    assert_told_plainly((await services.dispatcher.run_text(line, ADMIN)).view)


@pytest.fixture
async def locked_club(sqlite_file: str) -> AsyncIterator[Services]:
    """A set-up SQLite club whose file another process then holds the write lock of."""
    services = await built(sqlite_file, lookup_timeout=0.5, arxiv_api_url="http://127.0.0.1:9/")
    try:
        assert isinstance((await services.dispatcher.run_text("/club setup", ADMIN)).view, Notice)
        with write_lock_held(sqlite_file):
            yield services
    finally:
        await services.close()


@pytest.mark.parametrize("line", COMMANDS)
async def test_every_command_while_sqlite_is_locked_is_told_plainly(
    locked_club: Services, line: str
) -> None:
    view = (await locked_club.dispatcher.run_text(line, ADMIN)).view
    # Reads run beside another process's writer in WAL mode, so a command that finds nothing
    # to write answers as usual; one that must write is told the database is away.
    assert not (isinstance(view, ErrorView) and view.message == UNEXPECTED), view
    if line in WRITES:
        assert_told_plainly(view)
