"""Slack's routes on the bot's HTTP port: POST /slack/events and the OAuth install pages.

Bolt's own handlers (`app.server()`, `app.web_app()`) parse a body before checking its
signature (a malformed unsigned body was a 500 with a traceback) and log each rejected body
whole. These read at most the port's body limit (bot/httpserver.py), check the signature on the
raw bytes before Bolt parses anything (Bolt's own check is off: see payloads.py), hand Bolt a
click's or form's payload decoded, and act on each signed request once: a command, form or event
only once the database has recorded it as new, a click right after its ack (see per_request.py).
Everything else stays Bolt's: the dispatch, the acks, the OAuth flow.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.adapters.slack.payloads import bolt_body
from bot.adapters.slack.per_request import FIRST_TIME
from bot.adapters.slack.replays import Replays
from bot.adapters.slack.signatures import Refusals, Signatures
from bot.bootstrap import Services
from bot.webroutes import Handler

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
CLICK = "block_actions"  # a payload whose ack never carries an answer
# Workspace (T…) and Enterprise org (E…) ids: letters and digits, nothing to inject.
_TEAM = re.compile(r"^[TE][A-Z0-9]{2,31}$")


@dataclass(frozen=True, slots=True)
class Mounted:
    """What `mount` added; `replays` is closed when Slack stops serving."""

    replays: Replays

    async def aclose(self) -> None:
        await self.replays.aclose()


def mount(app: AsyncApp, services: Services) -> Mounted:
    """Slack's routes on the bot's one HTTP port, as `paperclub run` serves them: the
    settings' signing secret, replays remembered in the database, refusals in the metrics."""
    secret = services.settings.slack_signing_secret
    signatures = Signatures(secret.get_secret_value()) if secret is not None else None
    replays = Replays(services.engine, services.deps.clock)
    for (method, path), handler in routes(
        app, signatures, replays, refused=services.metrics.refused
    ).items():
        services.web.add(method, path, handler)
    return Mounted(replays)


def routes(
    app: AsyncApp,
    signatures: Signatures | None,
    replays: Replays | None = None,
    *,
    refused: Callable[[str], None] | None = None,
) -> dict[tuple[str, str], Handler]:
    """The handlers serving `app` over HTTP; `signatures` None only without a signing secret,
    which HTTP mode never runs with (see runner.missing_settings)."""
    refusals = Refusals(refused)

    def replayed() -> None:
        # Answered as if acked, which is harmless: the sender learns nothing, Slack never
        # sends one request twice, and a flood of copies costs a line a minute.
        refusals.note("replayed")

    async def events(request: web.Request) -> web.StreamResponse:
        body = await request.read()  # over the port's body limit: aiohttp answers 413 itself
        first_time: asyncio.Task[bool] | None = None
        if signatures is not None:
            problem = signatures.problem(body, request.headers)
            if problem is not None:
                refusals.note(problem)
                return web.json_response({"error": "invalid request"}, status=401)
            if replays is not None:
                # Recorded while the body is parsed; awaited here or by the click's ack.
                first_time = asyncio.ensure_future(
                    replays.first_time(request.headers["x-slack-signature"])
                )
                first_time.add_done_callback(lambda done: _count_replay(done, replayed))
        try:
            bolt_request = AsyncBoltRequest(
                body=bolt_body(body.decode("utf-8"), request.content_type),
                query=request.query_string,
                headers=_headers(request),
            )
        except Exception as exc:
            # Signed, so from Slack or from whoever holds the secret: worth a line, not a body.
            log.warning("unreadable signed Slack request (%s, %d bytes)", type(exc), len(body))
            return web.json_response({"error": "unreadable request"}, status=400)
        if first_time is not None:
            if bolt_request.body.get("type") == CLICK:
                # A click's ack is an empty 200 whatever happens, a replay's answer too: it
                # is sent without waiting for the database, and the ack waits instead
                # (per_request.py), before the listener acts.
                bolt_request.context[FIRST_TIME] = first_time
            elif not await first_time:
                return web.Response(status=200)
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    found: dict[tuple[str, str], Handler] = {("POST", EVENTS_PATH): events}
    flow = app.oauth_flow
    if flow is None:
        return found

    async def install(request: web.Request) -> web.StreamResponse:
        teams = request.query.getall("team", [])
        if len(teams) > 1 or any(not _TEAM.match(team) for team in teams):
            refusals.note("malformed team")
            return web.Response(status=400, text="That is not a Slack workspace id.")
        # Bolt is handed the checked values, not the query string it might read otherwise.
        query: dict[str, Sequence[str]] = {"team": teams} if teams else {}
        bolt_request = AsyncBoltRequest(body="", query=query)
        return await to_aiohttp_response(await flow.handle_installation(bolt_request))

    async def callback(request: web.Request) -> web.StreamResponse:
        bolt_request = AsyncBoltRequest(
            body="", query=request.query_string, headers=_headers(request)
        )
        return await to_aiohttp_response(await flow.handle_callback(bolt_request))

    found[("GET", flow.install_path)] = install
    found[("GET", flow.redirect_uri_path)] = callback
    return found


def _count_replay(done: asyncio.Task[bool], replayed: Callable[[], None]) -> None:
    # Also retrieves a failure, which whoever awaited the check has seen (or nobody, after a
    # body that could not be parsed).
    if not done.cancelled() and done.exception() is None and not done.result():
        replayed()


def _headers(request: web.Request) -> dict[str, str | Sequence[str]]:
    # Every value of a repeated header (two Cookie lines), as Bolt's own adapter would lose.
    return {name.lower(): request.headers.getall(name) for name in request.headers}
