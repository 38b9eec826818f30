"""The post limiter on a simulated clock: no window ever holds more than the limits allow."""

from __future__ import annotations

import asyncio
import random

import pytest

from bot.core.domain.ids import Platform
from bot.scheduling.ratelimit import DEFAULT_LIMITS, Limit, PlatformLimits, PostLimiter, TokenBucket


class SimClock:
    """Time that moves only when a waiter sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _max_in_window(times: list[float], window: float) -> int:
    ordered = sorted(times)
    best, start = 0, 0
    for end, at in enumerate(ordered):
        while at - ordered[start] > window + 1e-9:
            start += 1
        best = max(best, end - start + 1)
    return best


@pytest.mark.parametrize("seed", range(5))
def test_a_bucket_never_exceeds_burst_plus_rate_times_window(seed: int) -> None:
    pick = random.Random(seed)
    limit = Limit(rate=50, burst=50)
    now = [0.0]
    bucket = TokenBucket(limit, lambda: now[0])
    used: list[float] = []
    for _ in range(2000):
        now[0] += pick.expovariate(400)  # asks far faster than the rate
        used.append(now[0] + bucket.reserve())
    for window in (0.1, 0.5, 1.0, 3.0):
        assert _max_in_window(used, window) <= limit.burst + limit.rate * window + 1e-6
    # And it does not waste the rate: 2,000 tokens take about (2000 - 50) / 50 seconds.
    assert max(used) == pytest.approx((2000 - limit.burst) / limit.rate, rel=0.01)


async def test_the_limiter_keeps_every_channel_and_the_platform_within_limits() -> None:
    clock = SimClock()
    sent: list[tuple[float, str]] = []
    limits = {Platform.DISCORD: PlatformLimits(platform=Limit(50, 50), channel=Limit(1, 5))}

    async def sleep(seconds: float) -> None:
        await asyncio.sleep(0)
        clock.now += seconds

    limiter = PostLimiter(limits, clock, sleep)

    async def post(channel: str) -> None:
        await limiter.wait(Platform.DISCORD, channel)
        sent.append((clock.now, channel))

    pick = random.Random(7)
    channels = [f"c{pick.randrange(40)}" for _ in range(400)]
    for channel in channels:
        # One at a time, so the simulated clock is exact: each post starts when the last left.
        await post(channel)
    assert len(sent) == 400
    everything = [at for at, _ in sent]
    for window in (0.5, 1.0, 2.0):
        assert _max_in_window(everything, window) <= 50 + 50 * window + 1e-6
    for channel in set(channels):
        mine = [at for at, c in sent if c == channel]
        for window in (1.0, 5.0):
            assert _max_in_window(mine, window) <= 5 + 1 * window + 1e-6


async def test_the_console_has_no_limit_and_slack_limits_each_channel_alone() -> None:
    waits: list[float] = []
    clock = SimClock()

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock.now += seconds

    limiter = PostLimiter(DEFAULT_LIMITS, clock, sleep)
    for _ in range(10):
        await limiter.wait(Platform.CONSOLE, "c")
    assert waits == []
    for n in range(10):
        await limiter.wait(Platform.SLACK, f"channel-{n}")
    assert waits == [], "ten Slack channels each take one message at once"
    await limiter.wait(Platform.SLACK, "channel-0")
    assert waits == [pytest.approx(1.0)], "a second message in one channel waits a second"


def test_a_bucket_needs_a_rate() -> None:
    with pytest.raises(ValueError):
        TokenBucket(Limit(0, 1))


async def test_a_wake_up_that_comes_late_never_bunches_requests_beyond_the_limit() -> None:
    # Every sleep overshoots by a random amount, as on a loop busy with other work. Booking
    # tokens ahead (the limiter before) let a late request land right before the next one's
    # booked time: over the limit on the platform's side. Each request is timed when it goes.
    clock = SimClock()
    pick = random.Random(3)
    limits = {Platform.DISCORD: PlatformLimits(platform=Limit(50, 50))}

    async def late_sleep(seconds: float) -> None:
        await asyncio.sleep(0)
        clock.now += seconds + pick.uniform(0, 0.05)

    limiter = PostLimiter(limits, clock, late_sleep)
    sent: list[float] = []

    async def post() -> None:
        await limiter.wait(Platform.DISCORD, "c")
        sent.append(clock.now)

    await asyncio.gather(*(post() for _ in range(300)))
    assert len(sent) == 300
    for window in (0.1, 0.5, 1.0):
        assert _max_in_window(sent, window) <= 50 + 50 * window + 1e-6, window
