"""/healthz, the platforms' routes and /metrics on the bot's HTTP side."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
from collections.abc import AsyncIterator, Callable

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot import httpserver
from bot.bootstrap import Services, build_services
from bot.core.commands.context import Context
from bot.core.domain.errors import PaperclubError
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.httpserver import build_app, build_metrics_app
from bot.settings import Settings

CTX = Context(
    ClubKey(Platform.CONSOLE, "w", "c"),
    Actor(MemberKey(Platform.CONSOLE, "w", "ada"), "Ada", True),
    "club",
)


@pytest.fixture
def health() -> dict[str, Callable[[], bool]]:
    return {}


@pytest.fixture
async def http(
    services: Services, health: dict[str, Callable[[], bool]]
) -> AsyncIterator[TestClient[object, object]]:
    async with TestClient(TestServer(build_app(services, health))) as client:
        yield client


async def test_healthy_when_the_database_and_platforms_are_up(
    health: dict[str, Callable[[], bool]], http: TestClient[object, object]
) -> None:
    health["discord"] = lambda: True
    response = await http.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"status": "ok", "checks": {"database": True, "discord": True}}


async def test_a_disconnected_platform_makes_it_unhealthy(
    health: dict[str, Callable[[], bool]], http: TestClient[object, object]
) -> None:
    health["slack"] = lambda: False
    response = await http.get("/healthz")
    assert response.status == 503
    assert (await response.json())["checks"]["slack"] is False


async def test_an_unreachable_database_makes_it_unhealthy() -> None:
    services = await build_services(
        Settings(database_url="postgresql://nobody@127.0.0.1:1/none"),
        run_migrations=False,
        load_papers=False,
    )
    try:
        async with TestClient(TestServer(build_app(services))) as client:
            response = await client.get("/healthz")
            assert response.status == 503
            assert (await response.json())["checks"]["database"] is False
    finally:
        await services.close()


async def test_metrics_count_commands_votes_and_latency(services: Services) -> None:
    d = services.dispatcher
    await d.run_text("/club setup", CTX)
    await d.run_text("/paper", CTX)
    await d.run_text("/nonsense", CTX)
    await d.run_text("/vote open", CTX)
    await d.run_text("/vote 1", CTX)
    async with TestClient(TestServer(build_metrics_app(services))) as metrics:
        response = await metrics.get("/metrics")
        assert response.status == 200
        assert response.content_type == "text/plain"
        body = await response.text()
    assert 'paperclub_commands_total{command="ShowPaper",outcome="ok"} 1.0' in body
    assert 'paperclub_command_seconds_count{command="ShowPaper"} 1.0' in body
    assert "paperclub_votes_total 1.0" in body


async def test_the_public_port_does_not_serve_metrics(http: TestClient[object, object]) -> None:
    assert (await http.get("/metrics")).status == 404


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_one_port_serves_health_and_platform_routes_and_metrics_stay_on_loopback(
    services: Services,
) -> None:
    port, metrics_port = _free_port(), _free_port()
    services = dataclasses.replace(
        services,
        settings=services.settings.model_copy(
            update={"http_port": port, "metrics_port": metrics_port}
        ),
    )
    assert services.settings.metrics_host == "127.0.0.1"  # the default

    async def platform_page(request: web.Request) -> web.Response:
        return web.Response(text=f"{request.method} {request.path}")

    services.web.add("POST", "/slack/events", platform_page)
    stop = asyncio.Event()
    task = asyncio.create_task(httpserver.serve(services, {}, stop))
    try:
        await services.web.wait_listening()
        async with aiohttp.ClientSession() as session:
            base = f"http://127.0.0.1:{port}"
            async with session.post(f"{base}/slack/events") as resp:
                assert (resp.status, await resp.text()) == (200, "POST /slack/events")
            async with session.get(f"{base}/slack/events") as resp:
                assert resp.status == 405  # only the method the platform registered
            async with session.get(f"{base}/healthz") as resp:
                assert resp.status == 200
            async with session.get(f"http://127.0.0.1:{metrics_port}/metrics") as resp:
                assert resp.status == 200
                assert "paperclub_votes_total" in await resp.text()
    finally:
        stop.set()
        await task


async def test_a_port_in_use_is_reported_to_the_platform_that_needs_it(services: Services) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        services = dataclasses.replace(
            services,
            settings=services.settings.model_copy(update={"http_port": port, "metrics_port": 0}),
        )
        stop = asyncio.Event()
        task = asyncio.create_task(httpserver.serve(services, {}, stop))
        try:
            with pytest.raises(PaperclubError, match=f"127.0.0.1:{port}"):
                await services.web.wait_listening()
        finally:
            stop.set()
            await task
