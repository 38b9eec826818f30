"""The chat platforms the bot runs on, registered by name.

A runner says what its platform needs from the settings and how to *attach* it: build its client,
its Poster and its health probe without connecting yet. The runtime attaches every chosen
platform before it starts anything, so the scheduler and the HTTP side get the posters and
probes as fixed arguments and the first tick already knows every platform. A runner module is
imported only when its platform is chosen, so a build without one platform's library still runs
the others.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.core.domain.errors import PaperclubError
from bot.core.domain.ids import Platform
from bot.core.ports import AdminCheck, Poster
from bot.settings import Settings
from bot.webroutes import WebRoutes

if TYPE_CHECKING:
    from bot.bootstrap import Services


@dataclass(frozen=True, slots=True)
class Attached:
    """A platform ready to run: what the runtime hands on, and the coroutine that runs it."""

    platform: Platform
    poster: Poster
    # Runs until `stop` is set (the console also ends with its input).
    serve: Callable[[asyncio.Event], Coroutine[Any, Any, None]]
    healthy: Callable[[], bool] | None = None  # "is it connected?", for /healthz
    # Releases what the platform shares across its work (an HTTP session): called once every
    # task has stopped and the commands under way have been answered.
    close: Callable[[], Awaitable[None]] | None = None
    # Asks the platform, when a management-page link is used, whether its admin still is one.
    admin_check: AdminCheck | None = None


@dataclass(frozen=True, slots=True)
class PlatformRunner:
    platform: Platform
    # What keeps the platform from starting, checked before anything else starts.
    missing_settings: Callable[[Settings], str | None]
    attach: Callable[[Services], Attached]


def _console() -> PlatformRunner:
    from bot.adapters.console.runner import RUNNER

    return RUNNER


def _discord() -> PlatformRunner:
    from bot.adapters.discord.runner import RUNNER

    return RUNNER


def _slack() -> PlatformRunner:
    from bot.adapters.slack.runner import RUNNER

    return RUNNER


def register_admin_checks(web: WebRoutes, attached: Iterable[Attached]) -> None:
    """Give the management page's sign-in each platform's way of asking who is an admin."""
    for platform in attached:
        if platform.admin_check is not None:
            web.admin_checks[platform.platform] = platform.admin_check


PLATFORMS: dict[str, Callable[[], PlatformRunner]] = {
    "console": _console,
    "discord": _discord,
    "slack": _slack,
}


def runner_for(name: str) -> PlatformRunner:
    load = PLATFORMS.get(name)
    if load is None:
        raise PaperclubError(f"There is no platform called {name!r}: {', '.join(PLATFORMS)}.")
    try:
        return load()
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith(f"bot.adapters.{name}"):
            raise PaperclubError(f"{name} support is not part of this build.") from None
        raise
