"""Runs the console club as a platform: reads the terminal, prints replies and scheduled posts."""

from __future__ import annotations

import asyncio
import sys

from bot.adapters.console.app import ConsoleClub
from bot.adapters.console.render import render
from bot.bootstrap import Services
from bot.core.domain.ids import Platform
from bot.core.ports import Outgoing


class ConsolePoster:
    """Scheduled posts appear in the terminal between the member's own commands."""

    async def post(self, message: Outgoing) -> str:
        late = f"\n({message.late_note})" if message.late_note else ""
        print(f"\n📣 [{message.kind}]\n{render(message.view)}{late}\n", file=sys.stdout, flush=True)
        return message.key

    async def find_posted(self, message: Outgoing) -> str | None:
        # A terminal keeps no history we could check; reprinting is harmless here.
        return None


async def serve(services: Services, stop: asyncio.Event) -> None:
    services.posters[Platform.CONSOLE] = ConsolePoster()
    console = ConsoleClub(
        services.dispatcher,
        club_name=services.settings.console.club_name,
        member=services.settings.console.member,
    )
    reading = asyncio.create_task(console.run())
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait([reading, stopping], return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if reading.done():
        reading.result()
    else:
        # stdin.readline cannot be interrupted; the process exits anyway once the loop closes.
        reading.cancel()
