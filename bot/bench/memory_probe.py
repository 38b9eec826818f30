"""The process `bot.bench.memory` measures: start like `paperclub run`, report memory, exit.

Run: python -m bot.bench.memory_probe DATABASE_URL. Prints one JSON line.
"""

from __future__ import annotations

import json
import sys

from bot import eventloop
from bot.bench.common import T0
from bot.core.domain.ids import Platform
from bot.core.ports import Outgoing, Poster


class NullPoster:
    """Accepts every post: this measurement is about memory, not sending."""

    async def post(self, message: Outgoing) -> str:
        return message.key

    async def find_posted(self, message: Outgoing) -> str | None:
        return None


def _status_mib(*fields: str) -> dict[str, float]:
    """The fields of one read of /proc/self/status, in MiB (0 where absent)."""
    found = dict.fromkeys(fields, 0.0)
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            name = line.split(":", 1)[0]
            if name in found:
                found[name] = int(line.split()[1]) / 1024  # kB
    return found


def _resident() -> tuple[float, float]:
    """(resident now, peak resident). The kernel keeps RSS in per-CPU counters that it folds in
    lazily, so VmHWM can read a page below a VmRSS read a moment earlier (136.691 against 136.695
    MiB in one CI run); the peak is at least what is resident now."""
    found = _status_mib("VmRSS", "VmHWM")
    return found["VmRSS"], max(found["VmHWM"], found["VmRSS"])


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
        loaded, _ = _resident()
        posters: dict[Platform, Poster] = {
            p: NullPoster() for p in (Platform.DISCORD, Platform.SLACK)
        }
        wakeups = Wakeups(services.deps, posters)
        await wakeups.tick()  # the schedule rebuilt, as start() does first
        resident, peak = _resident()
        print(
            json.dumps(
                {
                    "rss_loaded_mib": loaded,
                    "rss_mib": resident,
                    "hwm_mib": peak,
                }
            )
        )
        await client.close()
    finally:
        await services.close()


if __name__ == "__main__":
    # The loop `paperclub run` serves on: its resident memory is part of the figure.
    eventloop.run(main(sys.argv[1]))
