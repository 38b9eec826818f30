"""PostgreSQL going away mid-run: members are told their write failed, and the bot reconnects
by itself when the database is back. The outage is a TCP proxy on 127.0.0.1 that we cut."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from bot.bootstrap import build_services
from bot.core.commands.context import Context
from bot.core.domain.errors import StorageUnavailable
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.domain.polls import Ballot
from bot.core.ports import CastResult
from bot.core.views import ErrorView, Notice, PaperCard, PollView
from bot.settings import Settings
from bot.storage.engine import make_async_engine
from tests.waiting import eventually

CLUB = ClubKey(Platform.SLACK, "T", "C")
ADMIN = Context(CLUB, Actor(MemberKey(Platform.SLACK, "T", "ada"), "Ada", True), "c")


class Proxy:
    """Forwards 127.0.0.1:<port> to the database until cut; cutting drops every connection."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.server: asyncio.Server | None = None
        self.port = 0
        self.links: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._link, "127.0.0.1", self.port)
        self.port = self.server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        assert self.server is not None
        self.server.close()
        for task in list(self.links):
            task.cancel()
        await asyncio.gather(*self.links, return_exceptions=True)
        await self.server.wait_closed()

    async def _link(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self.links.add(task)
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
            await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            writer.close()
            self.links.discard(task)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        with contextlib.suppress(Exception):
            writer.close()


@pytest.fixture
async def proxied(database_url: str) -> AsyncIterator[tuple[Proxy, str]]:
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        pytest.skip("an outage of a network database; SQLite is a local file")
    proxy = Proxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    yield proxy, url.set(host="127.0.0.1", port=proxy.port).render_as_string(False)
    with contextlib.suppress(Exception):
        await proxy.cut()


async def test_a_write_during_an_outage_is_reported_and_the_bot_recovers(
    proxied: tuple[Proxy, str],
) -> None:
    proxy, url = proxied
    services = await build_services(
        Settings(database_url=url), run_migrations=False, load_papers=False
    )
    try:
        d = services.dispatcher
        assert isinstance((await d.run_text("/club setup", ADMIN)).view, Notice)
        await proxy.cut()
        failed = (await d.run_text("/rsvp going", ADMIN)).view
        assert isinstance(failed, ErrorView)
        assert "nothing was saved" in failed.message
        await proxy.start()  # the database is back, on the same address
        recovered = (await d.run_text("/rsvp going", ADMIN)).view
        assert isinstance(recovered, Notice) and "You're going" in recovered.text
        assert isinstance((await d.run_text("/paper", ADMIN)).view, PaperCard)
    finally:
        await services.close()


async def _backend_gone(url: str, pid: int) -> None:
    """Terminate PostgreSQL backend `pid` from another connection and wait until it has exited."""
    admin = make_async_engine(url, pool_size=1, max_overflow=0)
    try:
        async with admin.connect() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            query = text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid")

            async def left() -> object:
                count = await connection.scalar(query, {"pid": pid})
                # PostgreSQL reads pg_stat_activity once per transaction: a probe inside the
                # first one would see the backend there for ever.
                await connection.rollback()
                return count

            await eventually(left, lambda n: n == 0, what="the terminated backend's exit")
    finally:
        await admin.dispose()


@pytest.mark.parametrize(("ping_after_idle", "replaced"), [(0.0, True), (3600.0, False)])
async def test_a_pooled_connection_the_server_dropped_is_replaced_when_it_sat_idle(
    database_url: str, ping_after_idle: float, replaced: bool
) -> None:
    """A pooled connection unused for longer than `ping_after_idle` is pinged before it is
    handed out, and replaced if the server dropped it; a recently used one is not (that
    command fails once, as the outage test's does)."""
    if make_url(database_url).get_backend_name() != "postgresql":
        pytest.skip("a PostgreSQL server dropping a pooled connection")
    engine = make_async_engine(
        database_url, ping_after_idle=ping_after_idle, pool_size=1, max_overflow=0
    )
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


async def test_ballots_cast_during_an_outage_fail_plainly_and_the_box_recovers(
    proxied: tuple[Proxy, str],
) -> None:
    """The ballot box's one-statement batch on a connection the outage cut: every ballot of
    the batch is told nothing was saved, and once the database is back the next batch goes
    through on a fresh connection, storing each ballot once."""
    proxy, url = proxied
    services = await build_services(
        Settings(database_url=url), run_migrations=False, load_papers=False
    )
    try:
        d = services.dispatcher
        assert isinstance((await d.run_text("/club setup", ADMIN)).view, Notice)
        poll = (await d.run_text("/vote open", ADMIN)).view
        assert isinstance(poll, PollView)
        box = services.ballot_box
        assert box is not None
        choice = (poll.candidates[0].paper_id,)

        def ballot(name: str) -> Ballot:
            member = MemberKey(Platform.SLACK, "T", name)
            return Ballot(poll.poll_id, member, choice, services.deps.clock.now())

        assert await box.cast(ballot("bo"), "Bo") == CastResult.STORED  # a pooled connection
        await proxy.cut()
        failed = await asyncio.gather(
            *(box.cast(ballot(name), name) for name in ("cy", "di")), return_exceptions=True
        )
        assert all(isinstance(f, StorageUnavailable) for f in failed), failed
        await proxy.start()
        assert await box.cast(ballot("cy"), "Cy") == CastResult.STORED
        async with services.deps.uow() as uow:
            assert {b.member.user_id for b in await uow.polls.ballots(poll.poll_id)} == {"bo", "cy"}
    finally:
        await services.close()
