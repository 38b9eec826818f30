"""Lookups read bounded answers, never follow a redirect into the bot's own network, and time out.

From issue 11: a 300 MB DOI answer cost the bot 600 MB; a member's /suggest followed a redirect
to a loopback address and used the internal page as the paper. The fakes here are on 127.0.0.1
like everything private, so they are reachable only because the settings name them (the DOI
base URL, or `lookup_allowed_urls`): the same allow-list production uses, nothing test-only.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp import web

from bot.bootstrap import Services, build_services
from bot.core.clock import ManualClock
from bot.core.commands.context import Context
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.views import ErrorView, Notice
from bot.readinglist.lookup.base import LookupFailed
from bot.readinglist.lookup.doi import DoiClient
from bot.readinglist.lookup.egress import Egress, EgressRefused, is_public
from bot.readinglist.lookup.http import DEFAULT_MAX_BYTES
from bot.readinglist.lookup.service import build_lookup
from bot.settings import Settings
from tests.readinglist.papers_fixture import serve_app

CLUB = ClubKey(Platform.CONSOLE, "w", "c")
ADA = Context(CLUB, Actor(MemberKey(Platform.CONSOLE, "w", "ada"), "Ada", True), "club")

PAPER = {
    "DOI": "10.1000/good",
    "title": "A Paper About Things",
    "author": [{"given": "Ada", "family": "Lovelace"}],
    "issued": {"date-parts": [[2019, 5]]},
}
SECRET = {**PAPER, "DOI": "10.1000/secret", "title": "Internal admin panel: 14 open incidents"}


@dataclass
class Servers:
    doi: str = ""
    internal: str = ""
    internal_hits: int = 0
    sent: dict[str, int] = field(default_factory=dict)


def _csl(data: dict[str, Any]) -> web.Response:
    return web.Response(
        text=json.dumps(data), content_type="application/vnd.citationstyles.csl+json"
    )


@pytest.fixture
async def servers() -> AsyncIterator[Servers]:
    state = Servers()

    async def secret(request: web.Request) -> web.Response:
        state.internal_hits += 1
        return _csl(SECRET)

    async def endless(request: web.Request) -> web.StreamResponse:
        # A 300 MB answer, sent as long as the client keeps reading.
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        await response.prepare(request)
        chunk = b" " * (256 * 1024)
        state.sent["endless"] = 0
        try:
            for _ in range(1200):
                await response.write(chunk)
                state.sent["endless"] += len(chunk)
        except (ConnectionError, RuntimeError):
            pass
        return response

    async def drip(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        await response.prepare(request)
        try:
            for _ in range(600):
                await response.write(b" ")
                await asyncio.sleep(0.1)
        except (ConnectionError, RuntimeError):
            pass
        return response

    async def doi(request: web.Request) -> web.StreamResponse:
        name = request.match_info["doi"]
        internal = state.internal
        redirects = {
            "10.1000/to-loopback": f"{internal}/secret",
            "10.1000/to-localhost": internal.replace("127.0.0.1", "localhost") + "/secret",
            "10.1000/to-link-local": "http://169.254.169.254/latest/meta-data/",
            "10.1000/to-private": "http://10.1.2.3/secret",
            "10.1000/to-ipv6-loopback": "http://[::1]:1/secret",
            "10.1000/to-file": "file:///etc/passwd",
            "10.1000/same-host": "/10.1000/good",
        }
        if name in redirects:
            raise web.HTTPFound(redirects[name])
        if name == "10.1000/good":
            return _csl(PAPER)
        if name == "10.1000/huge":
            return await endless(request)
        if name == "10.1000/declared-huge":
            return web.Response(body=b"{}", headers={"Content-Length": str(300 * 1024 * 1024)})
        if name == "10.1000/slow":
            return await drip(request)
        return web.Response(status=404)

    internal_app = web.Application()
    internal_app.router.add_get("/secret", secret)
    doi_app = web.Application()
    doi_app.router.add_get("/{doi:.+}", doi)
    internal_runner, state.internal = await serve_app(internal_app)
    doi_runner, state.doi = await serve_app(doi_app)
    yield state
    await doi_runner.cleanup()
    await internal_runner.cleanup()


def _settings(servers: Servers, **more: Any) -> Settings:
    return Settings(doi_api_url=servers.doi + "/", lookup_timeout=2.0, paper_text=False, **more)


@pytest.mark.parametrize(
    "doi",
    [
        "10.1000/to-loopback",
        "10.1000/to-localhost",
        "10.1000/to-link-local",
        "10.1000/to-private",
        "10.1000/to-ipv6-loopback",
        "10.1000/to-file",
    ],
)
async def test_a_redirect_into_the_bots_network_is_refused(servers: Servers, doi: str) -> None:
    lookup = build_lookup(_settings(servers))
    try:
        with pytest.raises(LookupFailed, match="redirected"):
            await lookup.doi.fetch(doi)
    finally:
        await lookup.close()
    assert servers.internal_hits == 0


async def test_redirects_within_the_service_and_to_allowed_urls_are_followed(
    servers: Servers,
) -> None:
    lookup = build_lookup(_settings(servers, lookup_allowed_urls=[servers.internal]))
    try:
        assert (await lookup.doi.fetch("10.1000/same-host")).title == PAPER["title"]
        # The operator named this service, so a redirect to it is theirs to allow.
        assert (await lookup.doi.fetch("10.1000/to-loopback")).title == SECRET["title"]
    finally:
        await lookup.close()
    assert servers.internal_hits == 1


async def test_a_members_suggestion_never_becomes_an_internal_page(
    servers: Servers, tmp_path: Any
) -> None:
    settings = _settings(servers, database_url=f"sqlite:///{tmp_path / 'club.sqlite3'}")
    clock = ManualClock(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    services: Services = await build_services(settings, clock=clock, load_papers=False)
    try:
        await services.dispatcher.run_text("/club setup", ADA)
        view = (await services.dispatcher.run_text("/suggest doi:10.1000/to-loopback", ADA)).view
        assert isinstance(view, ErrorView | Notice)
        shown = view.message if isinstance(view, ErrorView) else view.text
        assert "Internal admin panel" not in shown
        async with services.deps.uow() as uow:
            titles = [p.title for p in await uow.papers.all()]
        assert SECRET["title"] not in titles
    finally:
        await services.close()
    assert servers.internal_hits == 0


async def test_a_huge_answer_is_cut_off_at_the_limit(servers: Servers) -> None:
    lookup = build_lookup(_settings(servers))
    try:
        with pytest.raises(LookupFailed, match="limit"):
            await lookup.doi.fetch("10.1000/huge")
        with pytest.raises(LookupFailed, match="314,572,800 bytes, over the"):
            await lookup.doi.fetch("10.1000/declared-huge")
    finally:
        await lookup.close()
    # The server stopped soon after the client did: far less than the 300 MB it would send.
    await asyncio.sleep(0)
    assert servers.sent["endless"] < DEFAULT_MAX_BYTES + 16 * 1024 * 1024


async def test_a_stalled_answer_fails_in_seconds(servers: Servers) -> None:
    async with DoiClient(servers.doi + "/", timeout=1.0, retries=0) as client:
        with pytest.raises(LookupFailed, match=r"no answer within 1 s"):
            await client.fetch("10.1000/slow")


def test_what_counts_as_public() -> None:
    for private in (
        "127.0.0.1",
        "10.0.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "0.0.0.0",
        "224.0.0.1",
        "100.64.0.1",
        "::ffff:127.0.0.1",
        "fd00::1",
        "240.0.0.1",
    ):
        assert not is_public(private), private
    for public in ("93.184.216.34", "2606:4700::1111", "1.1.1.1"):
        assert is_public(public), public


def test_only_configured_origins_are_trusted() -> None:
    egress = Egress.from_urls(["http://127.0.0.1:8080/api", None, "https://export.arxiv.org/api"])
    egress.check_url("http://127.0.0.1:8080/anything")
    for refused in (
        "http://127.0.0.1:8081/",
        "http://10.0.0.1/",
        "ftp://example.org/",
        "gopher://x",
    ):
        with pytest.raises(EgressRefused):
            egress.check_url(refused)
    # With a proxy the proxy decides; the bot connects to nothing else.
    Egress(proxy="http://127.0.0.1:3128").check_url("http://10.0.0.1/")
