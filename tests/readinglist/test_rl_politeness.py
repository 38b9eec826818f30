"""The per-host limiter and User-Agent every lookup shares (bot/readinglist/lookup/politeness.py).

Pacing is checked on a simulated monotonic clock: the limiter is asked to sleep, and the test
records how long, so nothing here depends on how fast the machine is.
"""

from __future__ import annotations

import asyncio
from typing import Any

from bot.readinglist.lookup.arxiv import ArxivClient
from bot.readinglist.lookup.politeness import HostLimiter, host_group, user_agent


class SimulatedTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self.starts: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


def test_arxiv_hosts_share_one_budget() -> None:
    assert host_group("http://export.arxiv.org/api/query") == "arxiv.org"
    assert host_group("https://arxiv.org/html/2401.00001") == "arxiv.org"
    assert host_group("https://www.arxiv.org/pdf/2401.00001") == "arxiv.org"
    assert host_group("https://api.crossref.org/works") == "api.crossref.org"
    # A look-alike domain is not arXiv.
    assert host_group("https://notarxiv.org/x") == "notarxiv.org"


async def test_concurrent_arxiv_requests_go_one_at_a_time_three_seconds_apart() -> None:
    time = SimulatedTime()
    limiter = HostLimiter(monotonic=time.monotonic, sleep=time.sleep)
    in_flight = 0
    most_in_flight = 0

    async def one(url: str) -> None:
        nonlocal in_flight, most_in_flight
        async with limiter.slot(url):
            in_flight += 1
            most_in_flight = max(most_in_flight, in_flight)
            time.starts.append(time.now)
            await asyncio.sleep(0)
            time.now += 0.5  # the request takes half a second
            in_flight -= 1

    urls = [
        "http://export.arxiv.org/api/query",
        "https://arxiv.org/html/1",
        "https://arxiv.org/pdf/2",
    ]
    await asyncio.gather(*(one(u) for u in urls))
    assert most_in_flight == 1
    gaps = [b - a for a, b in zip(time.starts, time.starts[1:], strict=False)]
    # 0.5 s of request plus 3 s of gap counted from its end.
    assert gaps == [3.5, 3.5]


async def test_other_hosts_are_not_held_back_by_arxiv() -> None:
    time = SimulatedTime()
    limiter = HostLimiter(monotonic=time.monotonic, sleep=time.sleep)
    async with limiter.slot("https://arxiv.org/abs/1"):
        pass
    async with limiter.slot("https://doi.org/10.1/x"):
        pass
    assert time.sleeps == []


async def test_retry_after_holds_back_every_later_request() -> None:
    time = SimulatedTime()
    limiter = HostLimiter(monotonic=time.monotonic, sleep=time.sleep)
    limiter.defer("https://doi.org/x", 30)
    async with limiter.slot("https://doi.org/y"):
        pass
    assert time.sleeps == [30]


def test_user_agent_names_the_client_and_its_operator() -> None:
    agent = user_agent("club-admin@example.org")
    assert agent.startswith("paperclub/")
    assert "mailto:club-admin@example.org" in agent
    assert "mailto" not in user_agent(None)


async def test_arxiv_lookups_send_the_user_agent_and_wait_their_turn(
    arxiv_fake: Any,
) -> None:
    time = SimulatedTime()
    limiter = HostLimiter(
        {"127.0.0.1": HostLimiter().policy("arxiv.org")},
        monotonic=time.monotonic,
        sleep=time.sleep,
    )
    agent = user_agent("ops@example.org")
    async with ArxivClient(
        arxiv_fake.url, limiter=limiter, user_agent=agent, timeout=2, retries=2, backoff=0.01
    ) as client:
        await client.fetch("1706.03762")
        await client.fetch("1111.11111")  # 503 first, then an answer: the retry waits too
    assert [r["user_agent"] for r in arxiv_fake.requests] == [agent] * 3
    # The simulated clock only moves when the limiter sleeps: each later request waited 3 s.
    assert time.sleeps == [3.0, 3.0]
