"""One-statement reads (a vote's club-and-open-poll read): on PostgreSQL they run on connections
in autocommit (no BEGIN, no ROLLBACK) that the server holds read-only, so a stray write made
through one is refused instead of saved. On SQLite they are the ordinary readers."""

from __future__ import annotations

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from bot.bootstrap import Services, build_services
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.views import ErrorView, Notice, PollView
from bot.settings import Settings
from bot.storage.engine import make_reader_engine
from tests.storage.test_database_outage import Proxy, _backend_gone, proxied

__all__ = ["proxied"]  # the outage tests' fixture, used here too

CLUB = ClubKey(Platform.SLACK, "T", "C")
ADMIN = Context(CLUB, Actor(MemberKey(Platform.SLACK, "T", "ada"), "Ada", True), "c")


def _postgres_only(url: str) -> None:
    if make_url(url).get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL's autocommit, read-only reader connections")


async def _open_poll(services: Services) -> PollView:
    d = services.dispatcher
    assert isinstance((await d.run_text("/club setup", ADMIN)).view, Notice)
    opened = (await d.run_text("/vote open", ADMIN)).view
    assert isinstance(opened, PollView)
    return opened


async def test_the_statement_reader_reads_what_the_ordinary_reader_reads(
    services: Services, database_url: str
) -> None:
    store = services.deps.store
    assert (services.reader_engine is None) == (make_url(database_url).drivername == "sqlite")
    async with store.statement_reader() as uow:
        assert await uow.clubs.get_with_open_poll(CLUB) is None
    await _open_poll(services)
    async with store.reader() as uow:
        ordinary = await uow.clubs.get_with_open_poll(CLUB)
    async with store.statement_reader() as uow:
        lone = await uow.clubs.get_with_open_poll(CLUB)
    assert ordinary is not None and ordinary[1] is not None
    assert lone == ordinary


async def test_a_write_through_the_statement_reader_is_refused_by_the_server(
    services: Services, database_url: str, clock: ManualClock
) -> None:
    _postgres_only(database_url)
    other = ClubKey(Platform.SLACK, "T", "elsewhere")
    with pytest.raises(DBAPIError, match="read-only transaction"):
        async with services.deps.store.statement_reader() as uow:
            await uow.clubs.add(other, "Stray", ClubSettings(), clock.now())  # flushes an INSERT
    async with services.deps.reader() as uow:
        assert await uow.clubs.get(other) is None
    assert services.reader_engine is not None
    async with services.reader_engine.connect() as connection:
        with pytest.raises(DBAPIError, match="read-only transaction"):
            await connection.execute(text("UPDATE clubs SET name = 'Stray'"))


async def test_a_statement_reader_read_is_its_own_transaction(
    services: Services, database_url: str
) -> None:
    """No BEGIN went before the statement: the connection is idle, not in a transaction, so
    nothing is left to roll back (one round trip instead of three)."""
    _postgres_only(database_url)
    assert services.reader_engine is not None
    async with services.reader_engine.connect() as connection:
        assert await connection.scalar(text("SHOW default_transaction_read_only")) == "on"
        raw = await connection.get_raw_connection()
        assert raw.driver_connection.info.transaction_status == TransactionStatus.IDLE


@pytest.mark.parametrize(("ping_after_idle", "replaced"), [(0.0, True), (3600.0, False)])
async def test_a_reader_connection_the_server_dropped_is_replaced_when_it_sat_idle(
    database_url: str, ping_after_idle: float, replaced: bool
) -> None:
    _postgres_only(database_url)
    engine = make_reader_engine(
        database_url, ping_after_idle=ping_after_idle, pool_size=1, max_overflow=0
    )
    assert engine is not None
    try:
        async with engine.connect() as connection:
            pid = await connection.scalar(text("SELECT pg_backend_pid()"))
        await _backend_gone(database_url, int(pid))
        async with engine.connect() as connection:
            if replaced:
                assert await connection.scalar(text("SELECT pg_backend_pid()")) != pid
            else:
                with pytest.raises(DBAPIError):
                    await connection.scalar(text("SELECT 1"))
    finally:
        await engine.dispose()


async def test_votes_read_during_an_outage_fail_plainly_and_the_reader_recovers(
    proxied: tuple[Proxy, str],
) -> None:
    proxy, url = proxied
    services = await build_services(
        Settings(database_url=url), run_migrations=False, load_papers=False
    )
    try:
        await _open_poll(services)
        d = services.dispatcher
        bo = Context(CLUB, Actor(MemberKey(Platform.SLACK, "T", "bo"), "Bo", False), "c")
        assert isinstance((await d.run_text("/vote 1", bo)).view, Notice)
        await proxy.cut()
        failed = (await d.run_text("/vote 2", bo)).view
        assert isinstance(failed, ErrorView) and "nothing was saved" in failed.message
        await proxy.start()
        again = (await d.run_text("/vote 2", bo)).view
        assert isinstance(again, Notice), again
    finally:
        await services.close()
