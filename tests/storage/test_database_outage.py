"""PostgreSQL going away mid-run: members are told their write failed, and the bot reconnects
by itself when the database is back. The outage is a TCP proxy on 127.0.0.1 that we cut."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.engine import make_url

from bot.bootstrap import build_services
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.views import ErrorView, Notice, PaperCard
from bot.settings import Settings

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
