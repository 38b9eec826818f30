"""The routes platforms add to the bot's one HTTP port, and whether that port is listening.

A platform adds its routes when it is attached, before anything starts; the HTTP side
(bot/httpserver.py) mounts them beside its own, and a platform that needs the port (Slack in
HTTP mode) waits until it is known to be listening, or fails with the reason it is not.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web

from bot.core.domain.errors import PaperclubError
from bot.core.domain.ids import Platform
from bot.core.ports import AdminCheck

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class WebRoutes:
    routes: dict[tuple[str, str], Handler] = field(default_factory=dict)
    # How each platform answers "is this member still an admin?" (the management page's
    # sign-in asks at use; the platforms register theirs when attached, bot/platforms.py); a
    # platform without one (the console) keeps the rights the link was made with.
    admin_checks: dict[Platform, AdminCheck] = field(default_factory=dict)
    _settled: asyncio.Event = field(default_factory=asyncio.Event)
    _failure: str | None = None

    def add(self, method: str, path: str, handler: Handler) -> None:
        self.routes[(method.upper(), path)] = handler

    def listening(self) -> None:
        self._settled.set()

    def failed(self, reason: str) -> None:
        self._failure = reason
        self._settled.set()

    async def wait_listening(self) -> None:
        """Return once the port serves requests; raise, saying why, if it never will."""
        await self._settled.wait()
        if self._failure is not None:
            raise PaperclubError(self._failure)
