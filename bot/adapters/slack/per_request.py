"""What each request's listeners get in place of Bolt's own: an ack that says when it is called,
and (with the app's HTTP session) a `respond` that answers through that session.

Bolt's listener runner, unless it processes a request before answering it, starts the listener
as a task and then looks every 10 ms for whether it has acked: every ack waited ten
milliseconds or more, and each look was another timer on a busy loop. The app now lets Bolt run
the listener inline (`process_before_response`), and `guard.py` starts the listener's work as a
task and returns as soon as this ack has been called: Bolt answers Slack then, not 10 ms later.

A click's replay check (webserver.py) need not hold its ack: Slack's ack of a click is an empty
200 whatever the listener does, the very answer a replay gets. So the HTTP route starts the check
and hands it over in the request's context (FIRST_TIME); the ack is sent at once and only then
waits for the check, raising `Replayed` for a copy, which ends the listener before its work
(guard.py lets that pass silently).

A class-based middleware: Bolt calls it directly, without building the argument dictionary it
builds for a middleware function.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.adapters.slack.respond import SessionRespond

# The request context's key for a replay check still under way: True for a first request.
FIRST_TIME = "paperclub_first_time"


class Replayed(Exception):
    """Raised by the ack of a request already acted on: the listener stops there."""


class SignalledAck(AsyncAck):
    """Bolt's ack, which also settles `called` once it has run (or once the listener is done
    without it: see `settle`); given a replay check, it returns once that says the request is
    new, and raises `Replayed` for a copy."""

    def __init__(self, first_time: Awaitable[bool] | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.called: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._first_time = first_time

    async def __call__(self, *args: Any, **kwargs: Any) -> BoltResponse:
        if self.response is not None and not args and not kwargs:
            response = self.response  # acked already, as `answer` did: once is Bolt's rule
        else:
            try:
                response = await super().__call__(*args, **kwargs)
            finally:
                self.settle()
        if self._first_time is not None and not await self._first_time:
            raise Replayed()
        return response

    async def answer(self) -> None:
        """Bolt's empty ack, made now, for a listener whose first step is `ack()`: its own call
        then only waits for the replay check. (Bolt's ack awaits nothing.)"""
        try:
            await super().__call__()
        finally:
            self.settle()

    def settle(self, *_: object) -> None:
        """Stop waiting for the ack (also a task's done callback: the listener ended)."""
        if not self.called.done():
            self.called.set_result(None)


class PerRequest(AsyncMiddleware):
    """A global middleware that hands each request's listeners (and the error handler) a
    `SignalledAck` and, given a session, a `respond` on it."""

    def __init__(
        self, session: aiohttp.ClientSession | None, logger: logging.Logger | None = None
    ) -> None:
        self._session = session
        self._logger = logger

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse | None:
        context = req.context
        context["ack"] = SignalledAck(context.get(FIRST_TIME))
        if self._session is not None:
            context["respond"] = SessionRespond(
                response_url=context.response_url, session=self._session, logger=self._logger
            )
        return await next()
