"""Imports look ids up politely (issue 14): many ids in one `id_list` request, one request every
3 seconds, a User-Agent that names the bot. A fake arXiv on 127.0.0.1 records each request's
time (on the limiter's clock), its batch and its User-Agent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from itertools import pairwise

import pytest
from aiohttp import web

from bot.readinglist.lookup import http
from bot.readinglist.lookup.arxiv import BATCH_SIZE, ArxivClient
from bot.readinglist.lookup.doi import DoiClient
from bot.readinglist.lookup.politeness import HostLimiter, user_agent
from bot.readinglist.lookup.service import LookupService
from tests.readinglist.conftest import ATOM_ENTRY, FEED


@dataclass
class Recorder:
    url: str = ""
    now: float = 0.0
    requests: list[tuple[float, list[str], str]] = field(default_factory=list)

    async def sleep(self, seconds: float) -> None:
        # The limiter's waits pass at once on this clock: the test measures the gaps it asked
        # for, not the machine's speed.
        self.now += max(0.0, seconds)

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
async def recorder() -> AsyncIterator[Recorder]:
    fake = Recorder()

    async def query(request: web.Request) -> web.Response:
        ids = [i for i in request.query.get("id_list", "").split(",") if i]
        fake.requests.append((fake.now, ids, request.headers.get("User-Agent", "")))
        entries = "".join(ATOM_ENTRY.format(id=i) for i in ids if not i.startswith("9999"))
        return web.Response(text=FEED.format(entries=entries), content_type="application/atom+xml")

    app = web.Application()
    app.router.add_get("/api/query", query)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    fake.url = f"http://{host}:{port}/api/query"
    yield fake
    await runner.cleanup()


async def test_many_ids_are_batched_paced_and_named(recorder: Recorder) -> None:
    limiter = HostLimiter(
        {"127.0.0.1": HostLimiter().policy("arxiv.org")},
        monotonic=recorder.monotonic,
        sleep=recorder.sleep,
    )
    agent = user_agent("club-admin@example.org")
    arxiv = ArxivClient(recorder.url, limiter=limiter, user_agent=agent, retries=0)
    service = LookupService(arxiv, DoiClient("http://127.0.0.1:9/", retries=0))
    ids = [f"2101.{10000 + n}" for n in range(250)] + ["9999.00001"]
    try:
        await service.prefetch([f"arXiv:{i}" for i in ids])
        # Every later lookup of those ids is answered from the batch: no request per paper.
        paper = await service.resolve("arXiv:2101.10007")
    finally:
        await service.close()
    assert paper is not None and paper.arxiv_id == "2101.10007"
    sizes = [len(batch) for _, batch, _ in recorder.requests]
    assert sizes == [BATCH_SIZE, BATCH_SIZE, 51]
    times = [t for t, _, _ in recorder.requests]
    assert all(later - earlier >= 3.0 for earlier, later in pairwise(times))
    assert {ua for _, _, ua in recorder.requests} == {agent}
    assert agent.startswith("paperclub/") and "mailto:club-admin@example.org" in agent


async def test_a_retry_waits_the_retry_after_and_backs_off_with_jitter(
    recorder: Recorder,
) -> None:
    calls: list[float] = []
    answers = [(429, "7"), (503, None), (503, None), (200, None)]

    async def flaky(request: web.Request) -> web.Response:
        status, after = answers[len(calls)]
        calls.append(recorder.now)
        if status != 200:
            return web.Response(status=status, headers={"Retry-After": after} if after else {})
        ids = request.query.get("id_list", "")
        return web.Response(text=FEED.format(entries=ATOM_ENTRY.format(id=ids)))

    app = web.Application()
    app.router.add_get("/api/query", flaky)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        recorder.now += seconds

    client = ArxivClient(f"http://{host}:{port}/api/query", retries=3, backoff=1.0)
    try:
        response = await http.request(
            client._get_session(),
            "GET",
            client.base_url,
            params={"id_list": "1706.03762"},
            policy=client.policy,
            service="arXiv",
            sleep=sleep,
        )
    finally:
        await client.close()
        await runner.cleanup()
    assert response.status == 200 and len(calls) == 4
    # The first wait is the host's Retry-After (longer than the backoff); then the backoff
    # doubles, each with up to a second of jitter on top.
    assert waits[0] == 7.0
    assert 2.0 <= waits[1] <= 3.0 and 4.0 <= waits[2] <= 5.0
