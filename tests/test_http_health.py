"""/healthz and /metrics on the bot's HTTP side."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.bootstrap import Services, build_services
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.httpserver import build_app
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


async def test_metrics_count_commands_votes_and_latency(
    services: Services, http: TestClient[object, object]
) -> None:
    d = services.dispatcher
    await d.run_text("/club setup", CTX)
    await d.run_text("/paper", CTX)
    await d.run_text("/nonsense", CTX)
    await d.run_text("/vote open", CTX)
    await d.run_text("/vote 1", CTX)
    response = await http.get("/metrics")
    assert response.status == 200
    assert response.content_type == "text/plain"
    body = await response.text()
    assert 'paperclub_commands_total{command="ShowPaper",outcome="ok"} 1.0' in body
    assert 'paperclub_command_seconds_count{command="ShowPaper"} 1.0' in body
    assert "paperclub_votes_total 1.0" in body
