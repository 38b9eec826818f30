"""The platform's side of the clicks bench, in a process of its own: the fake Discord or Slack
and the members clicking. On a real platform the gateway frames, the HTTP parsing and the JSON
at the platform's end run on the platform's machines; here they run on the other core instead
of on the bot's event loop, which is the only loop the figures are about.

`python -m bot.bench.clicker discord|slack CLICKS`, started by `bot/bench/clicks.py`: it speaks
one JSON object a line, its own on stdout, the bot side's on stdin:

1. out: where the fake listens (`api_base`, `gateway_url`, `token` for Discord; `api_url`
   for Slack);
2. in: `{"go": …}` once the bot is connected (Discord: its commands synced; Slack: `url`, the
   bot's events endpoint);
3. the club is set up and the vote opened by an admin, the warm-up clicks run one by one;
4. out: `{"measuring": true}` as the measured clicks start;
5. out: the measurements (`sent`, `acked`, `answered`: click number → time, on this process's
   monotonic clock; `late`; `cpu`: this process's CPU seconds over the window);
6. in: `{"stop": true}` once the bot side is done; the fake is closed and the process ends.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import sys
import time
from collections.abc import Callable, Coroutine
from typing import Any

from bot import eventloop
from bot.bench.common import SEED
from bot.heap import serving_heap

RATE = 500.0  # clicks a second
WARM_UP = 20
SETTLE_S = 60.0  # how long to wait for the last answers before calling them lost
DEFERRED = 5  # the interaction callback type of a "thinking…" placeholder

Click = Callable[[int], Coroutine[Any, Any, None]]
Times = dict[int, float]


def say(message: dict[str, Any]) -> None:
    print(json.dumps(message), flush=True)


async def hear() -> dict[str, Any]:
    line = await asyncio.to_thread(sys.stdin.readline)
    if not line:
        raise EOFError("the bot side of the clicks bench went away")
    message: dict[str, Any] = json.loads(line)
    return message


def schedule(clicks: int) -> list[float]:
    """Offsets (s) of Poisson arrivals at RATE, from a fixed seed."""
    pick = random.Random(SEED)
    at, found = 0.0, []
    for _ in range(clicks):
        at += pick.expovariate(RATE)
        found.append(at)
    return found


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
    # every request per waiter) out of the measured window.
    deadline = time.monotonic() + SETTLE_S
    while not done() and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.02)


async def _measure(
    clicks: int, click: Click, answered: Callable[[], Times], sent: Times, acked: Times
) -> None:
    say({"measuring": True})
    cpu = time.process_time()
    late = await _play(schedule(clicks), click)
    await _until(lambda: len(answered()) >= clicks)
    cpu = time.process_time() - cpu
    say({"sent": sent, "acked": acked, "answered": answered(), "late": late, "cpu": cpu})


def _clicked(path: str, tokens: dict[str, int]) -> int | None:
    """Which measured click a request at the fake answers: its interaction callback
    (/interactions/{id}/{token}/callback) or a webhook request with its token (the edit of the
    deferred answer, a follow-up: /webhooks/{app}/{token}/...)."""
    parts = path.split("/")
    if len(parts) > 3 and parts[1] in ("interactions", "webhooks"):
        return tokens.get(parts[3])
    return None


async def discord(clicks: int) -> None:
    from paperclub_fakes.discord_fake import OWNER_USER, FakeDiscord, user

    async with FakeDiscord() as fake:
        say({"api_base": fake.api_base, "gateway_url": fake.gateway_url, "token": fake.token})
        await fake.wait_ready()
        await hear()  # the bot's commands are synced

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
        sent: Times = {}
        acked: Times = {}
        found: Times = {}
        scanned = [0]

        async def click(n: int) -> None:
            sent[n] = time.monotonic()
            await fake.send_interaction(payloads[n])

        def answered() -> Times:
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
        # The fake's heap out of the collector, as for Slack below: without it a collection of
        # the oldest generation (the members' payloads, every request recorded) paused this
        # process 108 and 329 ms inside the window in two runs (gc.callbacks): the clicks due
        # meanwhile went out late in a burst, and the callbacks that came in were stamped late.
        with serving_heap():
            await _measure(clicks, click, answered, sent, acked)
        await hear()  # the bot side is done with the fake


async def slack(clicks: int) -> None:
    import aiohttp

    from paperclub_fakes import slack_requests as sr
    from paperclub_fakes.slack_fake import RESPONSE_URL, FakeSlack
    from paperclub_fakes.slack_harness import ADMIN, SlackHarness, buttons

    async with FakeSlack() as fake, aiohttp.ClientSession() as session:
        fake.add_user(ADMIN, name="ada", is_admin=True)
        members = [f"U{n:08d}" for n in range(clicks)]
        for n, member in enumerate(members):
            fake.add_user(member, name=f"member{n}")
        say({"api_url": fake.api_url})
        harness = SlackHarness(fake, session, (await hear())["url"])
        await harness.command("club setup wed 18:00 UTC")
        opened = await harness.command("vote open")
        votes = [b for b in buttons(opened) if b["value"].startswith("/vote cast #")]
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
        sent: Times = {}
        acked: Times = {}
        found: Times = {}
        scanned = [0]

        async def click(n: int) -> None:
            sent[n] = time.monotonic()
            status, _ = await harness.post(requests[n])
            if status == 200 and n < clicks:
                acked[n] = time.monotonic()

        def answered() -> Times:
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
        # The fake's heap (a thousand members, their signed requests, every call recorded)
        # out of the collector, as the bot's is: without it the collections that walked it
        # (cProfile put 0.5 ms a click in a trivial header merge, where they were triggered)
        # made this process fall hundreds of ms behind its schedule.
        with serving_heap():
            await _measure(clicks, click, answered, sent, acked)
        await hear()


def main() -> None:
    platform, clicks = sys.argv[1], int(sys.argv[2])
    drive = {"discord": discord, "slack": slack}[platform]
    # uvloop here too, as the bot: this process stands in for the platform's own machines,
    # whose loop the figures are not about, and on a 2-core machine every ms of CPU it spends
    # on its loop is a ms the bot's core may lose, or a click sent late.
    eventloop.run(drive(clicks))


if __name__ == "__main__":
    main()
