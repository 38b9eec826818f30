"""The bot's HTTP side, on one port (`http_port`): the clubs' calendar feeds at
/calendar/<token>.ics, the clubs' public pages at /club/<token> and at the names admins chose
for them, /c/<slug> (their stylesheet and script
under /page-assets/), the admins' management page under /manage (bot/webmanage), /healthz
for orchestrators, and the routes platforms add (Slack's /slack/events and its OAuth pages,
see bot/webroutes.py). /metrics is served on a port of its own (`metrics_port`, on 127.0.0.1
unless `metrics_host` says otherwise), since the first port faces the internet and the
metrics are nobody else's business.

Runs beside the chat platforms (a hook of bot/runtime.py). `http_port = 0` or
`metrics_port = 0` turns that one off; a port already in use is logged and the bot runs on
without it, since chat matters more, unless a platform needs it (Slack in HTTP mode then stops
with the reason).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping

from aiohttp import web
from sqlalchemy import text

from bot.bootstrap import Services
from bot.calendarfeed.club_feed import render
from bot.core.usecases import calendar_feed, club_page
from bot.httplimits import PARSER_LIMITS
from bot.metrics import CONTENT_TYPE
from bot.webmanage import routes as manage_routes
from bot.webpage import render as webpage

log = logging.getLogger(__name__)

_SERVICES = web.AppKey("services", Services)
# The largest body any route reads is Slack's (an event, a 100-block form's state), far below
# this; the GET routes read none. Over it, aiohttp answers 413 before a handler runs.
MAX_BODY = 1024 * 1024
# name -> "is it connected?", one per running platform that has a probe.
Health = Mapping[str, Callable[[], bool]]
_HEALTH = web.AppKey("health", Mapping)


async def _calendar(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if not name.endswith(".ics"):
        raise web.HTTPNotFound()
    services = request.app[_SERVICES]
    found = await calendar_feed.by_token(name.removesuffix(".ics"), services.deps.store)
    if found is None:
        # Unknown and revoked tokens look the same: nothing to tell a guesser.
        raise web.HTTPNotFound()
    return web.Response(
        body=render(found),
        content_type="text/calendar",
        charset="utf-8",
        headers={"Cache-Control": "private, max-age=300"},
    )


# What a public page may load: its own stylesheet and script, nothing inline, no frames.
PAGE_POLICY = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": PAGE_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}


async def _club_page(request: web.Request) -> web.Response:
    services = request.app[_SERVICES]
    base = services.settings.public_base_url
    if "slug" in request.match_info:
        found = await club_page.by_slug(request.match_info["slug"], services.deps.store, base)
    else:
        found = await club_page.by_token(request.match_info["token"], services.deps.store, base)
    if found is None:
        # Unknown tokens and pages turned off look the same.
        raise web.HTTPNotFound()
    # Rendering a long archive is CPU work; it runs beside the loop, not on it.
    html = await asyncio.to_thread(webpage.render_page, found, "/page-assets/")
    return web.Response(
        text=html,
        content_type="text/html",
        charset="utf-8",
        headers={"Cache-Control": "private, max-age=60", **PAGE_HEADERS},
    )


async def _page_asset(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if name not in webpage.ASSETS:
        raise web.HTTPNotFound()
    return web.Response(
        body=webpage.asset(name),
        content_type=webpage.CONTENT_TYPES[name],
        charset="utf-8",
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
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
    """The public port: calendar feeds, health, and the routes the platforms attached."""
    app = web.Application(client_max_size=MAX_BODY, handler_args=PARSER_LIMITS)
    app[_SERVICES] = services
    app[_HEALTH] = health if health is not None else {}
    app.router.add_get("/calendar/{name}", _calendar)
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/club/{token}", _club_page)
    app.router.add_get("/c/{slug}", _club_page)
    app.router.add_get("/page-assets/{name}", _page_asset)
    manage_routes.add_routes(app, services)
    # Every platform is attached before the server starts, so its routes are all known here.
    for (method, path), handler in services.web.routes.items():
        app.router.add_route(method, path, handler)
    return app


def build_metrics_app(services: Services) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY, handler_args=PARSER_LIMITS)
    app[_SERVICES] = services
    app.router.add_get("/metrics", _metrics)
    return app


async def serve(services: Services, health: Health, stop: asyncio.Event) -> None:
    settings = services.settings
    runners: list[web.AppRunner] = []
    try:
        if settings.http_port == 0:
            services.web.failed("the HTTP port is turned off (PAPERCLUB_HTTP_PORT=0)")
        else:
            app = build_app(services, health)
            main = await _listen(app, settings.http_host, settings.http_port)
            if isinstance(main, str):
                services.web.failed(f"the HTTP port could not be opened: {main}")
            else:
                runners.append(main)
                services.web.listening()
                log.info("http on http://%s:%s", settings.http_host, settings.http_port)
        if settings.metrics_port != 0:
            metrics = await _listen(
                build_metrics_app(services), settings.metrics_host, settings.metrics_port
            )
            if isinstance(metrics, web.AppRunner):
                runners.append(metrics)
                log.info(
                    "metrics on http://%s:%s/metrics", settings.metrics_host, settings.metrics_port
                )
        await stop.wait()
    finally:
        for runner in runners:
            await runner.cleanup()


async def _listen(app: web.Application, host: str, port: int) -> web.AppRunner | str:
    """A started server, or why it could not start (logged)."""
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=5.0)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        log.error("nothing served on %s:%s: %s", host, port, exc)
        await runner.cleanup()
        return f"{host}:{port}: {exc.strerror or exc}"
    return runner
