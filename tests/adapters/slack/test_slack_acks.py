"""Bolt answers Slack as soon as a guarded listener acks: not after the listener's work, and not
on Bolt's 10 ms polls for the ack (the app runs listeners inline, guard.py starts their work as
a task). The real Bolt app against FakeSlack; requests dispatched to it directly."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.adapters.slack import guard
from bot.adapters.slack.app import build_app
from bot.adapters.slack.render import Renderer
from bot.bootstrap import Services
from bot.core.commands.inflight import InFlight
from paperclub_fakes import slack_requests as sr
from paperclub_fakes.bounds import HANG
from paperclub_fakes.slack_fake import FakeSlack
from paperclub_fakes.slack_harness import slack_services


def _app(services: Services, fake: FakeSlack) -> AsyncApp:
    return build_app(slack_services(services, fake))


def _click(action_id: str) -> AsyncBoltRequest:
    signed = sr.block_action(action_id, "/help")
    return AsyncBoltRequest(body=signed.body.decode(), headers=dict(signed.headers))


async def test_a_click_is_acked_while_its_listener_still_works(
    services: Services, fake: FakeSlack
) -> None:
    app = _app(services, fake)
    release, finished = asyncio.Event(), asyncio.Event()

    async def slow(ack: Any) -> None:
        await ack()
        await release.wait()
        finished.set()

    inflight = InFlight()
    app.action("test_slow")(guard.guarded(slow, Renderer(), inflight))
    async with asyncio.timeout(HANG):
        response = await app.async_dispatch(_click("test_slow"))
    assert response.status == 200 and not finished.is_set()
    assert len(inflight) == 1  # still running, and a stopping process would wait for it
    release.set()
    async with asyncio.timeout(HANG):
        await finished.wait()


async def test_a_listener_that_acks_first_is_acked_before_its_task_has_run(
    services: Services, fake: FakeSlack
) -> None:
    """No turn of the loop between reading a click and answering it waits for the listener."""
    app = _app(services, fake)
    steps: list[str] = []
    finished = asyncio.Event()

    async def click(ack: Any) -> None:
        steps.append("started")
        await ack()  # made already: returns the same empty ack
        steps.append("acked")
        finished.set()

    app.action("test_first")(guard.guarded(click, Renderer(), InFlight(), acks_first=True))
    async with asyncio.timeout(HANG):
        response = await app.async_dispatch(_click("test_first"))
    assert (response.status, response.body, steps) == (200, "", [])
    async with asyncio.timeout(HANG):
        await finished.wait()
    assert steps == ["started", "acked"]


async def test_a_listener_that_ends_without_acking_does_not_hold_the_request(
    services: Services, fake: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its end stops the wait for an ack (before: Bolt looked for one until its 3 s were up)."""
    monkeypatch.setattr(guard, "ACK_WAIT", 3600.0)
    app = _app(services, fake)

    async def silent(ack: Any) -> None:
        return None

    app.action("test_silent")(guard.guarded(silent, Renderer(), InFlight()))
    async with asyncio.timeout(HANG):
        await app.async_dispatch(_click("test_silent"))


async def test_an_event_listener_runs_after_the_ack(services: Services, fake: FakeSlack) -> None:
    app = _app(services, fake)
    release, handled_it = asyncio.Event(), asyncio.Event()
    seen: list[str] = []

    async def handled(event: dict[str, Any]) -> None:
        await release.wait()
        seen.append(str(event["type"]))
        handled_it.set()

    app.event("reaction_added")(guard.later(handled))
    request = sr.event_callback({"type": "reaction_added", "user": sr.USER_ID})
    bolt = AsyncBoltRequest(body=request.body.decode(), headers=dict(request.headers))
    async with asyncio.timeout(HANG):
        response = await app.async_dispatch(bolt)
    assert response.status == 200 and seen == []
    release.set()
    async with asyncio.timeout(HANG):
        await handled_it.wait()
    assert seen == ["reaction_added"]
