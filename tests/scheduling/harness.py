"""Helpers for scheduler tests: a poster that records, and a loop that plays the clock forward."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.core.clock import ManualClock
from bot.core.ports import Outgoing
from bot.scheduling.wakeups import Wakeups


@dataclass
class Delivered:
    at: datetime
    message: Outgoing


@dataclass
class RecordingPoster:
    """Keeps every post; `find_posted` plays the platform's idempotency lookup."""

    clock: ManualClock
    sent: list[Delivered] = field(default_factory=list)
    fail_next: int = 0

    async def post(self, message: Outgoing) -> str:
        if self.fail_next:
            self.fail_next -= 1
            raise ConnectionError("platform unavailable")
        self.sent.append(Delivered(self.clock.now(), message))
        return f"msg-{len(self.sent)}"

    async def find_posted(self, message: Outgoing) -> str | None:
        for number, delivered in enumerate(self.sent, start=1):
            if delivered.message.key == message.key:
                return f"msg-{number}"
        return None

    def kinds(self) -> list[str]:
        return [d.message.kind for d in self.sent]

    def keys(self) -> list[str]:
        return [d.message.key for d in self.sent]


async def run_until(clock: ManualClock, wakeups: Wakeups, until: datetime) -> None:
    """Jump the clock from one wake-up to the next, as the real scheduler would, up to `until`."""
    await wakeups.tick()
    for _ in range(10_000):
        wake = wakeups.next_wake
        if wake is None or wake > until:
            break
        clock.set(max(wake, clock.now()))
        await wakeups.tick()
    else:
        raise AssertionError("the scheduler never settled")
    clock.set(until)
    await wakeups.tick()
