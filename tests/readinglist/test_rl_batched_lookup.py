"""Imports look ids up politely (issue 14): many ids in one `id_list` request, one request every
3 seconds, a User-Agent that names the bot. A fake arXiv on 127.0.0.1 records each request's
time (on the limiter's clock), its batch and its User-Agent."""

from __future__ import annotations

from itertools import pairwise

import pytest

from bot.readinglist.lookup import http
from bot.readinglist.lookup.arxiv import BATCH_SIZE, ArxivClient
from bot.readinglist.lookup.doi import DoiClient
from bot.readinglist.lookup.politeness import HostLimiter, user_agent
from bot.readinglist.lookup.service import LookupService
from paperclub_fakes.paper_apis import FakeArxiv, FakePaper


class SimulatedTime:
    """The limiter's waits pass at once on this clock: the tests measure the gaps it asked for,
    not the machine's speed."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += max(0.0, seconds)

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def time() -> SimulatedTime:
    return SimulatedTime()


async def test_many_ids_are_batched_paced_and_named(arxiv: FakeArxiv, time: SimulatedTime) -> None:
    limiter = HostLimiter(
        {"127.0.0.1": HostLimiter().policy("arxiv.org")},
        monotonic=time.monotonic,
        sleep=time.sleep,
    )
    arxiv.clock = time.monotonic
    agent = user_agent("club-admin@example.org")
    client = ArxivClient(arxiv.url, limiter=limiter, user_agent=agent, retries=0)
    service = LookupService(client, DoiClient("http://127.0.0.1:9/", retries=0))
    ids = [f"2101.{10000 + n}" for n in range(250)] + ["9999.00001"]
    arxiv.add(*(FakePaper(f"Paper number {i}", 2021, arxiv_id=i) for i in ids[:-1]))
    try:
        await service.prefetch([f"arXiv:{i}" for i in ids])
        # Every later lookup of those ids is answered from the batch: no request per paper.
        paper = await service.resolve("arXiv:2101.10007")
    finally:
        await service.close()
    assert paper is not None and paper.arxiv_id == "2101.10007"
    sizes = [len(r.query["id_list"].split(",")) for r in arxiv.requests]
    assert sizes == [BATCH_SIZE, BATCH_SIZE, 51]
    times = [r.at for r in arxiv.requests]
    assert all(later - earlier >= 3.0 for earlier, later in pairwise(times))
    assert {r.user_agent for r in arxiv.requests} == {agent}
    assert agent.startswith("paperclub/") and "mailto:club-admin@example.org" in agent


async def test_a_retry_waits_the_retry_after_and_backs_off_with_jitter(
    arxiv: FakeArxiv, time: SimulatedTime
) -> None:
    arxiv.clock = time.monotonic
    arxiv.refuse(429, retry_after="7")
    arxiv.refuse(503, times=2)
    client = ArxivClient(arxiv.url, retries=3, backoff=1.0)
    try:
        response = await http.request(
            client._get_session(),
            "GET",
            client.base_url,
            params={"id_list": "1706.03762"},
            policy=client.policy,
            service="arXiv",
            sleep=time.sleep,
        )
    finally:
        await client.close()
    waits = time.waits
    calls = arxiv.requests
    assert response.status == 200 and len(calls) == 4
    # The first wait is the host's Retry-After (longer than the backoff); then the backoff
    # doubles, each with up to a second of jitter on top.
    assert waits[0] == 7.0
    assert 2.0 <= waits[1] <= 3.0 and 4.0 <= waits[2] <= 5.0
