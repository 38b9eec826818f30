"""Discord and Slack round trips: an interaction in, the bot's response out, through the real
discord.py and slack-bolt code against the local fake platforms (127.0.0.1 only).

The fakes and harnesses are the ones the tests use, from `paperclub_fakes`: a package beside the
bot that the running bot never imports.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from bot.bench.common import bench_services
from bot.bench.results import Figure, Row
from bot.bench.stats import percentile


async def _timed(count: int, once: Callable[[], Awaitable[Any]]) -> list[float]:
    await once()  # the first trip warms caches and connections; it is not counted
    found: list[float] = []
    for _ in range(count):
        started = time.perf_counter()
        await once()
        found.append((time.perf_counter() - started) * 1000)
    return found


async def discord(url: str, count: int) -> Row:
    row = Row("discord", "Discord round trip: slash command → interaction response")
    # Imported here: the platform libraries load only for the rows that use them.
    from bot.adapters.discord.client import build_client
    from paperclub_fakes.discord_client_harness import running_client
    from paperclub_fakes.discord_fake import FakeDiscord

    async with bench_services(url) as services, FakeDiscord() as fake:
        client = build_client(services)
        async with running_client(client, fake):
            await client.paperclub.sync_commands()

            async def once() -> None:
                payload = fake.slash("paper")
                await fake.send_interaction(payload)
                await fake.wait_for_callback(payload)

            times = await _timed(count, once)
    _figures(row, times)
    return row


async def slack(url: str, count: int) -> Row:
    row = Row("slack", "Slack round trip: /paperclub over HTTP → response_url")
    from paperclub_fakes.slack_fake import FakeSlack
    from paperclub_fakes.slack_harness import ADMIN, running

    async with bench_services(url) as services, FakeSlack() as fake:
        fake.add_user(ADMIN, name="ada", is_admin=True)
        async with running(services, fake) as harness:

            async def once() -> None:
                await harness.command("paper")

            times = await _timed(count, once)
    _figures(row, times)
    return row


def _figures(row: Row, times: list[float]) -> None:
    row.add(Figure("p50", percentile(times, 50), "ms"))
    row.add(Figure("p99", percentile(times, 99), "ms"))
    row.notes.append(f"{len(times)} sequential round trips of /paper (no club: a private answer)")
