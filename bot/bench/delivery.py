"""1,000 posts due in the same minute, sent through a fake platform that answers in 50 ms.

The fake platform also plays the rate limits' referee: it replays every request time through
its own token buckets with the published limits (see `bot.scheduling.ratelimit`) and counts
the requests a real platform would have refused (HTTP 429). The bench passes only if none were.
The mix is stated with the result: Discord's global bucket (50/s) alone needs
(Discord posts - 50) / 50 seconds, so no sender can do better than that bound.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict

from bot.bench.common import bench_services
from bot.bench.results import Figure, Row
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.outbox import PlannedPost, PostKind
from bot.core.ports import Outgoing, Poster
from bot.core.views import Notice
from bot.scheduling import viewcodec
from bot.scheduling.delivery import OutboxWorker
from bot.scheduling.ratelimit import DEFAULT_LIMITS, Limit, TokenBucket

# Within 10% of what the rate limits allow at best (the time the 50/s global bucket needs).
TARGET_RATIO = 1.1
LATENCY_S = 0.05
DISCORD_SHARE = 0.2  # one post in five goes to Discord, the rest to Slack channels


class FakePlatform:
    """A poster that takes 50 ms per message and records when each request arrived."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.arrivals: list[tuple[float, str]] = []
        self.sent: dict[str, int] = defaultdict(int)

    async def post(self, message: Outgoing) -> str:
        self.arrivals.append((time.monotonic(), message.club.channel_id))
        await asyncio.sleep(LATENCY_S)
        self.sent[message.key] += 1
        return f"{self.platform.value}-{len(self.arrivals)}"

    async def find_posted(self, message: Outgoing) -> str | None:
        return None

    def refused(self) -> int:
        """Requests beyond the published limits, replayed through fresh buckets."""
        limits = DEFAULT_LIMITS.get(self.platform)
        if limits is None:
            return 0
        refused = 0
        buckets: dict[str | None, TokenBucket] = {}
        clock = [0.0]

        def bucket(key: str | None, limit: Limit) -> TokenBucket:
            if key not in buckets:
                buckets[key] = TokenBucket(limit, lambda: clock[0])
            return buckets[key]

        for at, channel in sorted(self.arrivals):
            clock[0] = at
            # A few microseconds of slack: the sender's sleep may wake a hair early.
            for key, limit in ((channel, limits.channel), (None, limits.platform)):
                if limit is not None and bucket(key, limit).reserve() > 1e-3:
                    refused += 1
        return refused


async def measure(url: str, posts: int) -> Row:
    row = Row("delivery", f"{posts:,} posts due in the same minute, platform latency 50 ms")
    discord = round(posts * DISCORD_SHARE)
    async with bench_services(url, load_papers=False) as services:
        clock = services.deps.clock
        now = clock.now()
        async with services.deps.uow() as uow:
            for n in range(posts):
                platform = Platform.DISCORD if n < discord else Platform.SLACK
                key = ClubKey(platform, "bench", f"channel-{n:05d}")
                club = await uow.clubs.add(key, f"Club {n}", ClubSettings(paused=True), now)
                post = PlannedPost(f"bench:{n}", club.id, None, PostKind.NOTICE, now, now)
                view = viewcodec.encode(Notice(f"Post {n}"))
                await uow.outbox.add(post, now, {"view": view})
            await uow.commit()
        fakes = {p: FakePlatform(p) for p in (Platform.DISCORD, Platform.SLACK)}
        posters: dict[Platform, Poster] = dict(fakes)
        worker = OutboxWorker(services.deps, posters)
        started = time.perf_counter()
        sent = 0
        for _ in range(10):  # run_due takes every batch; a second pass finds nothing left
            done = await worker.run_due()
            sent += done
            if not done:
                break
        seconds = time.perf_counter() - started
    doubled = sum(count - 1 for f in fakes.values() for count in f.sent.values() if count > 1)
    refused = sum(f.refused() for f in fakes.values())
    bound = max(0.0, (discord - 50) / 50) + LATENCY_S
    row.add(Figure("all sent", seconds, "s"))
    row.add(Figure("all sent / rate-limit bound", seconds / bound, "×", TARGET_RATIO))
    row.add(Figure("sent", sent, f"of {posts}", float(posts), at_most=False))
    row.add(Figure("sent twice", doubled, "posts", 0.0))
    row.add(Figure("over the rate limits", refused, "requests", 0.0))
    row.add(Figure("rate-limit bound", bound, "s"))
    row.notes.append(
        f"{discord} Discord channels (global 50/s, 5 per 5 s per channel) and "
        f"{posts - discord} Slack channels (1/s per channel), one post each"
    )
    return row
