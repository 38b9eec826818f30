"""The process `bot.bench.memory` measures: start like `paperclub run`, report memory, exit.

Run: python -m bot.bench.memory_probe DATABASE_URL. Prints one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import sys

from bot.bench.common import T0
from bot.core.domain.ids import Platform
from bot.core.ports import Outgoing, Poster


class NullPoster:
    """Accepts every post: this measurement is about memory, not sending."""

    async def post(self, message: Outgoing) -> str:
        return message.key

    async def find_posted(self, message: Outgoing) -> str | None:
        return None


def _status_mib(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
    return 0.0


async def main(url: str) -> None:
    from bot.adapters.discord.client import build_client
    from bot.adapters.slack import app as slack_app
    from bot.bootstrap import build_services
    from bot.core.clock import ManualClock
    from bot.scheduling.wakeups import Wakeups
    from bot.settings import Settings

    services = await build_services(
        Settings(database_url=url), clock=ManualClock(T0), run_migrations=False
    )
    try:
        client = build_client(services)
        assert slack_app.build_app is not None  # loaded, as a Slack runner would
        loaded = _status_mib("VmRSS")
        posters: dict[Platform, Poster] = {
            p: NullPoster() for p in (Platform.DISCORD, Platform.SLACK)
        }
        wakeups = Wakeups(services.deps, posters)
        await wakeups.tick()  # the schedule rebuilt, as start() does first
        print(
            json.dumps(
                {
                    "rss_loaded_mib": loaded,
                    "rss_mib": _status_mib("VmRSS"),
                    "hwm_mib": _status_mib("VmHWM"),
                }
            )
        )
        await client.close()
    finally:
        await services.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
