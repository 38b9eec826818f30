"""Refuse payloads that name two workspaces, before Bolt looks up a token for either.

Runs as Bolt's `before_authorize` middleware, so a refused payload costs no installation lookup
and no `users.info`; a class-based one, which Bolt calls without building the argument
dictionary it builds for a middleware function. The member is answered the way each kind of
payload can be: a slash command in its ack, a form by replacing it, a button through its
response_url; an event is dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.adapters.slack.identity import MixedWorkspaces, workspace_of
from bot.adapters.slack.per_request import FIRST_TIME
from bot.adapters.slack.text import plain, section

log = logging.getLogger(__name__)

# Answers sent after the ack are tasks; holding them keeps them from being collected mid-way.
_answers: set[asyncio.Task[Any]] = set()


class OneWorkspace(AsyncMiddleware):
    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse | None:
        body = req.body
        try:
            workspace_of(body)
        except MixedWorkspaces as mixed:
            log.warning(
                "refused a Slack %s naming several workspaces: %s",
                str(body.get("type") or ("command" if "command" in body else "payload"))[:40],
                ", ".join(name[:32] for name in mixed.named),
            )
            return _answer(body, mixed.message, req.context.get(FIRST_TIME))
        return await next()


def _answer(body: dict[str, Any], text: str, first_time: Awaitable[bool] | None) -> BoltResponse:
    if "command" in body:
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text})
    kind = body.get("type")
    if kind == "view_submission":
        view = {
            "type": "modal",
            "title": plain("Paper club", 24),
            "close": plain("Close", 24),
            "blocks": [section(text)],
        }
        return BoltResponse(status=200, body={"response_action": "update", "view": view})
    url = body.get("response_url")
    if kind == "block_actions" and isinstance(url, str) and url:
        task = asyncio.create_task(_respond(url, text, first_time))
        _answers.add(task)
        task.add_done_callback(_answers.discard)
    return BoltResponse(status=200, body="")


async def _respond(url: str, text: str, first_time: Awaitable[bool] | None) -> None:
    try:
        if first_time is not None and not await first_time:
            return  # a copy of a click refused already (per_request.py)
        await AsyncRespond(response_url=url)(text=text, response_type="ephemeral")
    except Exception as exc:
        log.warning("could not answer a refused Slack payload: %r", exc)
