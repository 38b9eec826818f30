"""The bot's small HTTP side: the clubs' calendar feeds at /calendar/<token>.ics, /healthz for
orchestrators and /metrics for Prometheus.

Runs beside the chat platforms (a hook of bot/runtime.py). `http_port = 0` turns it off; a
port already in use is logged and the bot runs on without it, since chat matters more.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping

from aiohttp import web
from sqlalchemy import text

from bot.bootstrap import Services
from bot.calendarfeed.club_feed import club_by_token, feed
from bot.metrics import CONTENT_TYPE

log = logging.getLogger(__name__)

_SERVICES = web.AppKey("services", Services)
# name -> "is it connected?", one per running platform that has a probe.
Health = Mapping[str, Callable[[], bool]]
_HEALTH = web.AppKey("health", Mapping)


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


async def _healthz(request: web.Request) -> web.Response:
    """200 when the database answers and every running platform is connected, else 503."""
    services = request.app[_SERVICES]
    checks: dict[str, bool] = {"database": await _database_ok(services)}
    health: Health = request.app[_HEALTH]
    for name, connected in health.items():
        try:
            checks[name] = bool(connected())
        except Exception:
            checks[name] = False
    for name, ok in checks.items():
        if name != "database":
            services.metrics.up.labels(name).set(1 if ok else 0)
    healthy = all(checks.values())
    return web.json_response(
        {"status": "ok" if healthy else "unhealthy", "checks": checks},
        status=200 if healthy else 503,
    )


async def _database_ok(services: Services) -> bool:
    try:
        async with asyncio.timeout(3), services.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return True
    except Exception as exc:
        log.warning("health check: database unreachable: %r", exc)
        return False


async def _metrics(request: web.Request) -> web.Response:
    services = request.app[_SERVICES]
    response = web.Response(body=services.metrics.render())
    response.content_type = CONTENT_TYPE.split(";")[0]
    response.charset = "utf-8"
    return response


def build_app(services: Services, health: Health | None = None) -> web.Application:
    app = web.Application()
    app[_SERVICES] = services
    app[_HEALTH] = health if health is not None else {}
    app.router.add_get("/calendar/{name}", _calendar)
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/metrics", _metrics)
    return app


async def serve(services: Services, health: Health, stop: asyncio.Event) -> None:
    settings = services.settings
    if settings.http_port == 0:
        return
    runner = web.AppRunner(build_app(services, health), access_log=None)
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
