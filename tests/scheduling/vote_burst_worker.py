"""A process that casts votes as fast as it can and prints an ACK line for each one the bot
confirmed. The chaos test SIGKILLs it mid-burst.

    python -m tests.scheduling.vote_burst_worker DATABASE_URL POLL_ID FIRST COUNT START_ISO

START_ISO is the test clock's instant: the worker's clock starts there and moves on with real
elapsed time, so its votes are cast on the same clock that opened the poll, on any date.
"""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import datetime, timedelta

from bot.bootstrap import build_services
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.views import Notice
from bot.settings import Settings

CLUB = ClubKey(Platform.SLACK, "T", "C")


class RunningClock:
    """The test's instant plus the time this process has been running."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the start instant must be timezone-aware")
        self._start = start
        self._began = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._began)


def member(n: int) -> Context:
    return Context(CLUB, Actor(MemberKey(Platform.SLACK, "T", f"m{n}"), f"M{n}"), "c")


async def main(url: str, poll_id: int, first: int, count: int, start: datetime) -> None:
    services = await build_services(
        Settings(database_url=url),
        clock=RunningClock(start),
        run_migrations=False,
        load_papers=False,
    )

    async def vote(n: int) -> None:
        choice = n % 3 + 1
        reply = await services.dispatcher.run_text(f"/vote #{poll_id} {choice}", member(n))
        if isinstance(reply.view, Notice):
            # Printed only after the use case committed: an ACK is a promise of durability.
            print(f"ACK m{n} {choice}", flush=True)

    # Bursts of concurrent voters, a double click each, so kills land mid-transaction.
    for start in range(first, first + count, 20):
        batch = range(start, min(start + 20, first + count))
        await asyncio.gather(*(vote(n) for n in batch for _ in range(2)))
    await services.close()


if __name__ == "__main__":
    url, poll_id, first, count, start = sys.argv[1:6]
    asyncio.run(main(url, int(poll_id), int(first), int(count), datetime.fromisoformat(start)))
