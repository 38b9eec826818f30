"""Token buckets that keep scheduled posts inside the platforms' published rate limits.

The model (the figures each platform documents for bots):
- Discord: 50 requests per second per bot token, across every channel (the global bucket), and
  about 5 messages per 5 seconds in one channel;
- Slack: `chat.postMessage` about 1 message per second per channel, short bursts allowed.
The console has no limit. A post waits for its channel's bucket first, then for the platform's,
so a busy channel never holds global tokens it cannot use yet. Tokens are taken only when the
request can go at once, both at that moment: a token booked ahead for a wake-up that comes late
(an event loop busy elsewhere) would let that request bunch up with the ones booked after it,
beyond what the platform allows. Waiters queue on each bucket in turn, first come first served.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass

from bot.core.domain.ids import Platform


@dataclass(frozen=True, slots=True)
class Limit:
    rate: float  # tokens per second
    burst: float  # tokens available at once


@dataclass(frozen=True, slots=True)
class PlatformLimits:
    platform: Limit | None = None  # shared by every channel
    channel: Limit | None = None  # per channel


DEFAULT_LIMITS: Mapping[Platform, PlatformLimits] = {
    Platform.DISCORD: PlatformLimits(platform=Limit(50, 50), channel=Limit(1, 5)),
    Platform.SLACK: PlatformLimits(channel=Limit(1, 1)),
}


_EPSILON = 1e-9  # float rounding in the refill: a token this close is there


class TokenBucket:
    """A bucket that hands out reservations: `reserve()` takes a token now, possibly on credit,
    and says how long to wait before using it. Waiters are served in order, and in any window
    of T seconds at most `burst + rate·T` tokens are used."""

    def __init__(self, limit: Limit, clock: Callable[[], float] = time.monotonic) -> None:
        if limit.rate <= 0 or limit.burst < 1:
            raise ValueError("a bucket needs a positive rate and room for one token")
        self.limit = limit
        self._clock = clock
        self._tokens = limit.burst
        self._updated = clock()
        self.turn = asyncio.Lock()  # the waiters for this bucket, in order of arrival

    def _refill(self) -> None:
        now = self._clock()
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(self.limit.burst, self._tokens + elapsed * self.limit.rate)
        self._updated = now

    def reserve(self) -> float:
        """Take a token now, possibly on credit; how long to wait before using it."""
        self._refill()
        self._tokens -= 1
        return 0.0 if self._tokens >= 0 else -self._tokens / self.limit.rate

    def wait_time(self) -> float:
        """Seconds until a token is there (0.0 if one is now); takes nothing."""
        self._refill()
        return 0.0 if self._tokens >= 1 - _EPSILON else (1 - self._tokens) / self.limit.rate

    def take(self) -> None:
        """Use a token that `wait_time()` just said is there."""
        self._refill()
        self._tokens -= 1


class PostLimiter:
    """One bucket per platform and one per channel, made on first use."""

    def __init__(
        self,
        limits: Mapping[Platform, PlatformLimits] = DEFAULT_LIMITS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.limits = limits
        self._clock = clock
        self._sleep = sleep
        self._buckets: dict[tuple[Platform, str | None], TokenBucket] = {}

    def _bucket(self, platform: Platform, channel: str | None, limit: Limit) -> TokenBucket:
        key = (platform, channel)
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = TokenBucket(limit, self._clock)
        return bucket

    async def wait(self, platform: Platform, channel: str) -> None:
        """Return when one more message to `channel` stays within every limit."""
        limits = self.limits.get(platform)
        if limits is None:
            return
        buckets = []
        if limits.channel is not None:
            buckets.append(self._bucket(platform, channel, limits.channel))
        if limits.platform is not None:
            buckets.append(self._bucket(platform, None, limits.platform))
        async with AsyncExitStack() as turns:
            for bucket in buckets:
                # Holding a bucket's turn, nobody else takes from it: a token seen stays there.
                await turns.enter_async_context(bucket.turn)
                while (delay := bucket.wait_time()) > 0:
                    await self._sleep(delay)
            for bucket in buckets:
                bucket.take()
