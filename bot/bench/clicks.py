"""Members clicking a vote button as they really do: 1,000 clicks over 2 s (Poisson arrivals,
500 a second), each from its own member, through the real platform clients.

- Discord: the fake gateway sends each click as INTERACTION_CREATE to the real discord.py
  client; the answer is the interaction callback POST the fake receives.
- Slack: each click is a signed `block_actions` POST to slack-bolt behind the bot's HTTP
  server; the ack is Bolt's HTTP 200, the answer ("Your vote is in") the POST to the click's
  `response_url` at the fake.

The bot runs here, as `paperclub run` runs it (its start-up heap frozen out of the garbage
collector); the fake platform and the clicking members run in a process of their own
(`bot/bench/clicker.py`), as a real platform runs on its own machines. Latency runs from the
moment the fake sends a click to the moment its answer arrives, both timestamped there, on one
clock. The bot's CPU per click is this process's (its loop and the database driver's thread)
over the measured window; the lateness of the clicks against their Poisson schedule says
whether the fake's side kept up.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import sys
import time
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import func, select

from bot.bench.clicker import RATE, SETTLE_S
from bot.bench.common import SEED, bench_services
from bot.bench.results import Figure, Row
from bot.bench.stats import percentile
from bot.bootstrap import Services
from bot.heap import serving_heap
from bot.storage.tables import BallotRow

P99_TARGET_MS = 30.0
STARTED_S = 120.0  # the platform's process, set up and warmed up, or the row fails


class Platform:
    """The fake platform's process: JSON lines in and out (see bot/bench/clicker.py)."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self._process = process

    def say(self, **message: Any) -> None:
        assert self._process.stdin is not None
        self._process.stdin.write((json.dumps(message) + "\n").encode())

    async def hear(self) -> dict[str, Any]:
        """The platform's next message; callers bound the wait with `asyncio.timeout`."""
        assert self._process.stdout is not None
        line = await self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"the fake platform's process ended ({self._process.returncode})")
        message: dict[str, Any] = json.loads(line)
        return message


@contextlib.asynccontextmanager
async def platform(name: str, clicks: int) -> AsyncIterator[Platform]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.bench.clicker",
        name,
        str(clicks),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        limit=1 << 24,  # the measurements come back as one line
    )
    try:
        yield Platform(process)
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
        await process.wait()


async def _window(fake: Platform, clicks: int) -> tuple[dict[str, Any], float]:
    """The platform's measurements and this process's CPU over the same window."""
    async with asyncio.timeout(STARTED_S):
        await fake.hear()  # measuring
    cpu = time.process_time()
    async with asyncio.timeout(clicks / RATE + SETTLE_S + 30):
        found = await fake.hear()
    return found, time.process_time() - cpu


async def _stored(services: Services) -> int:
    async with services.engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(BallotRow)) or 0)


def _figures(row: Row, clicks: int, stored: int, found: dict[str, Any], bot_cpu: float) -> None:
    sent = {int(n): at for n, at in found["sent"].items()}
    acks = [(at - sent[int(n)]) * 1000 for n, at in found["acked"].items()]
    answers = [(at - sent[int(n)]) * 1000 for n, at in found["answered"].items()]
    row.add(Figure("votes stored", stored, f"of {clicks}", float(clicks), at_most=False))
    for name, values in (("ack", acks), ("answer", answers)):
        row.add(Figure(f"{name} p50", percentile(values, 50), "ms"))
        target = P99_TARGET_MS if name == "ack" else None
        row.add(Figure(f"{name} p99", percentile(values, 99), "ms", target))
    row.add(Figure("clicks late against the schedule, p99", percentile(found["late"], 99), "ms"))
    row.add(Figure("CPU per click, bot", bot_cpu / clicks * 1000, "ms"))
    total = bot_cpu + float(found["cpu"])
    row.add(Figure("CPU per click, bot and fake", total / clicks * 1000, "ms"))
    row.add(Figure("answered", len(answers), f"of {clicks}", float(clicks), at_most=False))
    row.notes.append(
        f"{clicks} clicks from {clicks} members, Poisson at {RATE:.0f}/s (seed {SEED}); the fake "
        "platform and the members in a process of their own"
    )


@contextlib.asynccontextmanager
async def connected(client: Any, where: dict[str, Any]) -> AsyncIterator[None]:
    """The discord.py client logged in to the fake, ready, for the length of the block."""
    import discord.gateway
    import discord.http

    from bot.adapters.discord.endpoints import apply_endpoints

    saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    apply_endpoints(where["api_base"], where["gateway_url"])
    # The fake sends every guild up front: no need for discord.py's 2 s wait after the last.
    client._connection.guild_ready_timeout = 0.01
    task = asyncio.create_task(client.start(where["token"]))
    try:
        ready = asyncio.ensure_future(client.wait_until_ready())
        done, _ = await asyncio.wait(
            {task, ready}, timeout=STARTED_S, return_when=asyncio.FIRST_COMPLETED
        )
        if ready not in done:
            ready.cancel()
            raise RuntimeError("the discord client did not become ready") from (
                task.exception() if task.done() else None
            )
        yield
    finally:
        await client.close()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await asyncio.wait_for(task, 30)
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved


async def discord(url: str, clicks: int) -> Row:
    row = Row("discord_clicks", f"{clicks:,} vote clicks at {RATE:.0f}/s through discord.py")
    from bot.adapters.discord.client import build_client

    async with bench_services(url) as services, platform("discord", clicks) as fake:
        client = build_client(services)
        async with asyncio.timeout(STARTED_S):
            where = await fake.hear()
        async with connected(client, where):
            await client.paperclub.sync_commands()
            with serving_heap():
                fake.say(go=True)
                found, cpu = await _window(fake, clicks)
            stored = await _stored(services)
        fake.say(stop=True)
    _figures(row, clicks, stored, found, cpu)
    return row


async def slack(url: str, clicks: int) -> Row:
    row = Row("slack_clicks", f"{clicks:,} vote clicks at {RATE:.0f}/s through slack-bolt (HTTP)")
    import aiohttp
    from pydantic import SecretStr

    from bot.adapters.slack.app import build_app
    from paperclub_fakes import slack_requests as sr
    from paperclub_fakes.slack_harness import BOT_TOKEN, serving_slack

    async with bench_services(url) as services, platform("slack", clicks) as fake:
        async with asyncio.timeout(STARTED_S):
            where = await fake.hear()
        update = {
            "slack_bot_token": SecretStr(BOT_TOKEN),
            "slack_signing_secret": SecretStr(sr.SIGNING_SECRET),
            "slack_api_url": where["api_url"],
        }
        settings = services.settings.model_copy(update=update)
        served = dataclasses.replace(services, settings=settings)
        # The app's one HTTP session, as the runner gives it one.
        async with aiohttp.ClientSession() as session:
            app = build_app(served, session=session)
            async with serving_slack(served, app) as (_, base):
                with serving_heap():
                    fake.say(go=True, url=f"{base}/slack/events")
                    found, cpu = await _window(fake, clicks)
        stored = await _stored(services)
        fake.say(stop=True)
    _figures(row, clicks, stored, found, cpu)
    return row
