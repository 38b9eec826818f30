"""Running the bot: services plus the chosen platforms on one event loop."""

from __future__ import annotations

from collections.abc import Sequence

from bot.bootstrap import build_services
from bot.core.domain.errors import PaperclubError
from bot.settings import Settings


async def run_platforms(settings: Settings, platforms: Sequence[str]) -> None:
    unknown = [p for p in platforms if p != "console"]
    if unknown:
        raise PaperclubError(
            f"This build runs the console club only; {', '.join(unknown)} support is not installed."
        )
    services = await build_services(settings)
    try:
        from bot.adapters.console.app import ConsoleClub

        console = ConsoleClub(
            services.dispatcher,
            club_name=settings.console.club_name,
            member=settings.console.member,
        )
        await console.run()
    finally:
        await services.close()
