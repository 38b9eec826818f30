"""A bot process for the chaos and replica tests: the real scheduler, and a poster that appends
each delivered key to a file (O_APPEND) and finds earlier posts there, as Discord's nonce or
Slack's metadata would. Run: python -m tests.scheduling.chaos_bot FILE (settings from the env)."""

from __future__ import annotations

import asyncio
import os
import random
import sys
from pathlib import Path

from bot.bootstrap import build_services
from bot.core.domain.ids import Platform
from bot.core.ports import Outgoing
from bot.scheduling import wakeups
from bot.settings import load_settings


class FilePoster:
    def __init__(self, path: str) -> None:
        self.path = path

    async def post(self, message: Outgoing) -> str:
        await asyncio.sleep(random.uniform(0, 0.02))  # widen the windows a kill can land in
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, f"{message.key}\n".encode())
        finally:
            os.close(fd)
        await asyncio.sleep(random.uniform(0, 0.02))  # between "sent" and "marked sent"
        return message.key

    async def find_posted(self, message: Outgoing) -> str | None:
        lines = await asyncio.to_thread(_lines, Path(self.path))
        return message.key if message.key in lines else None


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


async def main(path: str) -> None:
    services = await build_services(load_settings(), run_migrations=False, load_papers=False)
    try:
        await wakeups.serve(services, {Platform.CONSOLE: FilePoster(path)}, asyncio.Event())
    finally:
        await services.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
