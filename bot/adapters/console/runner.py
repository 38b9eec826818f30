"""Runs the console club as a platform: reads the terminal, prints replies and scheduled posts."""

from __future__ import annotations

import asyncio
import sys

from bot.adapters.console.app import ConsoleClub
from bot.adapters.console.lines import default_history_file
from bot.adapters.console.render import render
from bot.bootstrap import Services
from bot.core.domain.ids import Platform
from bot.core.ports import Outgoing
from bot.i18n import say, speaking
from bot.platforms import Attached, PlatformRunner


class ConsolePoster:
    """Scheduled posts appear in the terminal between the member's own commands."""

    async def post(self, message: Outgoing) -> str:
        # A private message shows whom it is for: one person plays the whole club here.
        head = (
            f"✉️  [private, to {message.recipient.user_id}]"
            if message.recipient is not None
            else f"📣 [{message.kind}]"
        )
        with speaking(message.language):
            late = f"\n({say(message.late_note)})" if message.late_note else ""
            text = render(message.view)
        print(f"\n{head}\n{text}{late}\n", file=sys.stdout, flush=True)
        return message.key

    async def find_posted(self, message: Outgoing) -> str | None:
        # A terminal keeps no history we could check; reprinting is harmless here.
        return None


def attach(services: Services) -> Attached:
    settings = services.settings.console
    console = ConsoleClub(services.dispatcher, club_name=settings.club_name, member=settings.member)
    history = settings.history_file or default_history_file()

    async def serve(stop: asyncio.Event) -> None:
        # Ends at the end of input, /quit, Ctrl-C in the prompt, or once `stop` is set (a
        # signal): then after the command under way, if any, has been answered.
        await console.run(stop=stop, history_file=history)

    return Attached(Platform.CONSOLE, ConsolePoster(), serve)


RUNNER = PlatformRunner(Platform.CONSOLE, lambda settings: None, attach)
