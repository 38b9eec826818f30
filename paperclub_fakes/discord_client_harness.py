"""Run a real ``discord.Client`` against a ``FakeDiscord`` for the length of an ``async with``."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import discord
import discord.gateway
import discord.http

from bot.adapters.discord.endpoints import apply_endpoints
from paperclub_fakes.bounds import HANG
from paperclub_fakes.discord_fake import FakeDiscord

ClientT = TypeVar("ClientT", bound=discord.Client)


async def _first(task: asyncio.Task[None], waiter: asyncio.Future[Any], what: str) -> None:
    """Wait for ``waiter``, but fail at once with the client's own error if ``start`` died."""
    done, _ = await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    if waiter in done:
        waiter.result()
        return
    waiter.cancel()
    exc = task.exception()
    raise AssertionError(f"discord client stopped before {what}") from exc


@asynccontextmanager
async def running_client(
    client: ClientT,
    fake: FakeDiscord,
    *,
    token: str | None = None,
    ready_timeout: float = HANG,
    guild_ready_timeout: float | None = 0.01,
) -> AsyncIterator[ClientT]:
    """Start ``client`` against ``fake`` and yield it once ``on_ready`` has fired.

    discord.py waits ``guild_ready_timeout`` (2 s by default) after the last GUILD_CREATE
    before ``on_ready``; the fake sends every guild up front, so a tiny value loses nothing.
    Pass ``None`` to keep the client's own value. On exit the client is closed and
    discord.py's endpoints are put back as they were, so tests stay independent.
    """
    saved_base = discord.http.Route.BASE
    saved_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    apply_endpoints(fake.api_base, fake.gateway_url)
    if guild_ready_timeout is not None:
        client._connection.guild_ready_timeout = guild_ready_timeout
    task: asyncio.Task[None] = asyncio.create_task(client.start(token or fake.token))
    try:
        async with asyncio.timeout(ready_timeout):
            await _first(task, asyncio.ensure_future(fake.wait_ready(ready_timeout)), "READY")
            # login() has run by now, so wait_until_ready() has the event it needs.
            await _first(task, asyncio.ensure_future(client.wait_until_ready()), "on_ready")
        yield client
        if task.done() and not task.cancelled() and task.exception() is not None:
            # start() only returns on close(): an early exit means the client crashed mid-test.
            raise AssertionError("discord client stopped during the test") from task.exception()
    finally:
        await client.close()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await asyncio.wait_for(task, HANG)
        discord.http.Route.BASE = saved_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved_gateway
