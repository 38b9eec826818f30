"""The bot's small HTTP side: the clubs' calendar feeds at /calendar/<token>.ics.

Runs beside the platforms (a `BACKGROUND` hook). `http_port = 0` turns it off; a port already
in use is logged and the bot runs on without it, since chat matters more than the feed.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from bot.bootstrap import Services
from bot.calendarfeed.club_feed import club_by_token, feed

log = logging.getLogger(__name__)

_SERVICES = web.AppKey("services", Services)


async def _calendar(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if not name.endswith(".ics"):
        raise web.HTTPNotFound()
    services = request.app[_SERVICES]
    club = await club_by_token(services.deps, name.removesuffix(".ics"))
    if club is None:
        # Unknown and revoked tokens look the same: nothing to tell a guesser.
        raise web.HTTPNotFound()
    body = await feed(services.deps, club, services.deps.clock.now())
    return web.Response(
        body=body,
        content_type="text/calendar",
        charset="utf-8",
        headers={"Cache-Control": "private, max-age=300"},
    )


def build_app(services: Services) -> web.Application:
    app = web.Application()
    app[_SERVICES] = services
    app.router.add_get("/calendar/{name}", _calendar)
    return app


async def serve(services: Services, stop: asyncio.Event) -> None:
    settings = services.settings
    if settings.http_port == 0:
        return
    runner = web.AppRunner(build_app(services), access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, settings.http_host, settings.http_port)
        try:
            await site.start()
        except OSError as exc:
            log.error("calendar feed not served: %s", exc)
            return
        log.info("calendar feed on http://%s:%s", settings.http_host, settings.http_port)
        await stop.wait()
    finally:
        await runner.cleanup()
