"""Members clicking a vote button as they really do: 1,000 clicks over 2 s (Poisson arrivals,
500 a second), each from its own member, through the real platform clients.

- Discord: the fake gateway sends each click as INTERACTION_CREATE to the real discord.py
  client; the answer is the interaction callback POST the fake receives.
- Slack: each click is a signed `block_actions` POST to slack-bolt behind the bot's HTTP
  server; the ack is Bolt's HTTP 200, the answer ("Your vote is in") the POST to the click's
  `response_url` at the fake.

Latency runs from the moment the fake sends a click to the moment its answer arrives (both
timestamped by the fake, on one clock). The fakes run on the same event loop as the bot, so
their own work (JSON, WebSocket frames, HTTP parsing) is charged to the same CPU: the
figures are an upper bound on what the bot alone would show. The lateness of the clicks
against their Poisson schedule says how far the loop fell behind.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections.abc import Callable, Coroutine
from typing import Any

from sqlalchemy import func, select

from bot.bench.common import SEED, bench_services
from bot.bench.results import Figure, Row
from bot.bench.stats import percentile
from bot.bootstrap import Services
from bot.storage.tables import BallotRow

RATE = 500.0  # clicks a second
P99_TARGET_MS = 30.0
SETTLE_S = 60.0  # how long the bench waits for the last answers before calling them lost


def schedule(clicks: int) -> list[float]:
    """Offsets (s) of Poisson arrivals at RATE, from a fixed seed."""
    pick = random.Random(SEED)
    at, found = 0.0, []
    for _ in range(clicks):
        at += pick.expovariate(RATE)
        found.append(at)
    return found


Click = Callable[[int], Coroutine[Any, Any, None]]
WARM_UP = 20


async def _warm_up(round_trip: Click, clicks: int) -> None:
    """Clicks number `clicks` and up, one at a time, each answered before the next: the first
    clicks pay for first-time work (SQL compilation, lazy imports, pools). Each is by one of
    the first members, whose measured click later replaces the ballot."""
    for n in range(clicks, clicks + WARM_UP):
        await round_trip(n)


async def _play(offsets: list[float], click: Click) -> list[float]:
    """Start click n at offsets[n] (as near as the loop allows); the lateness of each, in ms."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    late: list[float] = []
    tasks: list[asyncio.Task[None]] = []
    for n, offset in enumerate(offsets):
        delay = start + offset - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        late.append(max(0.0, loop.time() - start - offset) * 1000)
        tasks.append(asyncio.create_task(click(n)))
    await asyncio.gather(*tasks)
    return late


async def _until(done: Callable[[], bool]) -> None:
    # A bench, not a test: a plain poll is fine, and keeps the fakes' wait machinery (a scan of
    # every request per waiter) out of the measured loop.
    deadline = time.monotonic() + SETTLE_S
    while not done() and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.02)


async def _stored(services: Services) -> int:
    async with services.engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(BallotRow)) or 0)


def _figures(
    row: Row, clicks: int, stored: int, late: list[float], cpu: float, **latencies: list[float]
) -> None:
    row.add(Figure("votes stored", stored, f"of {clicks}", float(clicks), at_most=False))
    for name, values in latencies.items():
        row.add(Figure(f"{name} p50", percentile(values, 50), "ms"))
        target = P99_TARGET_MS if name == "ack" else None
        row.add(Figure(f"{name} p99", percentile(values, 99), "ms", target))
    row.add(Figure("clicks late against the schedule, p99", percentile(late, 99), "ms"))
    row.add(Figure("CPU per click, bot and fake", cpu / clicks * 1000, "ms"))
    row.notes.append(
        f"{clicks} clicks from {clicks} members, Poisson at {RATE:.0f}/s (seed {SEED}) on one "
        "event loop shared with the fake platform"
    )


async def discord(url: str, clicks: int) -> Row:
    row = Row("discord_clicks", f"{clicks:,} vote clicks at {RATE:.0f}/s through discord.py")
    from bot.adapters.discord.client import build_client
    from paperclub_fakes.discord_client_harness import running_client
    from paperclub_fakes.discord_fake import OWNER_USER, FakeDiscord, user

    async with bench_services(url) as services, FakeDiscord() as fake:
        client = build_client(services)
        async with running_client(client, fake):
            await client.paperclub.sync_commands()

            async def admin(payload: dict[str, Any]) -> Any:
                await fake.send_interaction(payload)
                return await fake.wait_for_callback(payload)

            options = {"weekday": "wed", "time": "18:00"}
            await admin(fake.slash("club", options, subcommand="setup", user=OWNER_USER))
            opened = await admin(fake.slash("vote", subcommand="open", user=OWNER_USER))
            message_id = int(opened.response["resource"]["message"]["id"])
            footer: str = opened.json["data"]["embeds"][0]["footer"]["text"]
            poll_id = int(footer.rsplit("#", 1)[1])
            payloads = [
                fake.button(
                    f"pc:/vote cast #{poll_id} {1 + n % 2}",
                    message=message_id,
                    user=user(900_000_000 + n % clicks, f"member{n % clicks}"),
                )
                for n in range(clicks + WARM_UP)
            ]
            # The measured clicks only, not the warm-up ones, by interaction token.
            tokens = {p["token"]: n for n, p in enumerate(payloads[:clicks])}
            sent: dict[int, float] = {}

            async def click(n: int) -> None:
                sent[n] = time.monotonic()
                await fake.send_interaction(payloads[n])

            acked: dict[int, float] = {}
            found: dict[int, float] = {}
            scanned = [0]

            def answered() -> dict[int, float]:
                """The ack is the interaction callback; the answer is the callback's message or,
                after a "thinking…" callback (a deferred answer), the edit or follow-up."""
                new, scanned[0] = fake.requests[scanned[0] :], len(fake.requests)
                for r in new:
                    n = _clicked(r.path, tokens)
                    if n is None or r.status >= 300:
                        continue
                    if r.path.startswith("/interactions/"):
                        acked.setdefault(n, r.received_at)
                        if (r.json or {}).get("type") != DEFERRED:
                            found.setdefault(n, r.received_at)
                    else:
                        found.setdefault(n, r.received_at)
                return found

            async def round_trip(n: int) -> None:
                # Answered in time or refused for being late (under load): either will do.
                payload = payloads[n]
                await fake.send_interaction(payload)
                path = rf"/interactions/{payload['id']}/{re.escape(payload['token'])}/callback"
                await fake.wait_for_request("POST", path)

            await _warm_up(round_trip, clicks)
            cpu = time.process_time()
            late = await _play(schedule(clicks), click)
            await _until(lambda: len(answered()) >= clicks)
            cpu = time.process_time() - cpu
            answers = answered()
            stored = await _stored(services)
    acks = [(acked[n] - sent[n]) * 1000 for n in acked]
    replies = [(answers[n] - sent[n]) * 1000 for n in answers]
    _figures(row, clicks, stored, late, cpu, ack=acks, answer=replies)
    row.add(Figure("answered", len(answers), f"of {clicks}", float(clicks), at_most=False))
    return row


DEFERRED = 5  # the interaction callback type of a "thinking…" placeholder


def _clicked(path: str, tokens: dict[str, int]) -> int | None:
    """Which measured click a request at the fake answers: its interaction callback
    (/interactions/{id}/{token}/callback) or a webhook request with its token (the edit of the
    deferred answer, a follow-up: /webhooks/{app}/{token}/...)."""
    parts = path.split("/")
    if len(parts) > 3 and parts[1] in ("interactions", "webhooks"):
        return tokens.get(parts[3])
    return None


async def slack(url: str, clicks: int) -> Row:
    row = Row("slack_clicks", f"{clicks:,} vote clicks at {RATE:.0f}/s through slack-bolt (HTTP)")
    from paperclub_fakes import slack_requests as sr
    from paperclub_fakes.slack_fake import RESPONSE_URL, FakeSlack
    from paperclub_fakes.slack_harness import ADMIN, buttons, running

    async with bench_services(url) as services, FakeSlack() as fake:
        fake.add_user(ADMIN, name="ada", is_admin=True)
        async with running(services, fake) as harness:
            await harness.command("club setup wed 18:00 UTC")
            opened = await harness.command("vote open")
            votes = [b for b in buttons(opened) if b["value"].startswith("/vote cast #")]
            members = [f"U{n:08d}" for n in range(clicks)]
            for n, member in enumerate(members):
                fake.add_user(member, name=f"member{n}")
            urls = [harness.response_url() for _ in range(clicks + WARM_UP)]
            requests = [
                sr.block_action(
                    votes[n % 2]["action_id"],
                    votes[n % 2]["value"],
                    user=members[n % clicks],
                    response_url=urls[n][1],
                )
                for n in range(clicks + WARM_UP)
            ]
            ids = {response_id: n for n, (response_id, _) in enumerate(urls[:clicks])}
            sent: dict[int, float] = {}
            acked: dict[int, float] = {}

            async def click(n: int) -> None:
                sent[n] = time.monotonic()
                status, _ = await harness.post(requests[n])
                if status == 200 and n < clicks:
                    acked[n] = time.monotonic()

            found: dict[int, float] = {}
            scanned = [0]

            def answered() -> dict[int, float]:
                # Only the calls that came in since the last look.
                new, scanned[0] = fake.calls[scanned[0] :], len(fake.calls)
                found.update(
                    (ids[c.args["response_id"]], c.received_at)
                    for c in new
                    if c.method == RESPONSE_URL and c.args.get("response_id") in ids
                )
                return found

            async def round_trip(n: int) -> None:
                await harness.post(requests[n])
                await harness.wait_response(urls[n][0])

            await _warm_up(round_trip, clicks)
            cpu = time.process_time()
            late = await _play(schedule(clicks), click)
            await _until(lambda: len(answered()) >= clicks)
            cpu = time.process_time() - cpu
            answers = answered()
            stored = await _stored(services)
    acks = [(acked[n] - sent[n]) * 1000 for n in acked]
    replies = [(answers[n] - sent[n]) * 1000 for n in answers]
    _figures(row, clicks, stored, late, cpu, ack=acks, answer=replies)
    row.add(Figure("answered", len(answers), f"of {clicks}", float(clicks), at_most=False))
    return row
