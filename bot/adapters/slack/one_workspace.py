"""Refuse payloads that name two workspaces, before Bolt looks up a token for either.

Runs as Bolt's `before_authorize` middleware, so a refused payload costs no installation lookup
and no `users.info`. The member is answered the way each kind of payload can be: a slash command
in its ack, a form by replacing it, a button through its response_url; an event is dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.response import BoltResponse

from bot.adapters.slack.identity import MixedWorkspaces, workspace_of
from bot.adapters.slack.text import plain, section

log = logging.getLogger(__name__)

# Answers sent after the ack are tasks; holding them keeps them from being collected mid-way.
_answers: set[asyncio.Task[Any]] = set()


async def one_workspace(
    body: dict[str, Any], next: Callable[[], Awaitable[None]]
) -> BoltResponse | None:
    try:
        workspace_of(body)
    except MixedWorkspaces as mixed:
        log.warning(
            "refused a Slack %s naming several workspaces: %s",
            str(body.get("type") or ("command" if "command" in body else "payload"))[:40],
            ", ".join(name[:32] for name in mixed.named),
        )
        return _answer(body, mixed.message)
    await next()
    return None


def _answer(body: dict[str, Any], text: str) -> BoltResponse:
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
        task = asyncio.create_task(_respond(url, text))
        _answers.add(task)
        task.add_done_callback(_answers.discard)
    return BoltResponse(status=200, body="")


async def _respond(url: str, text: str) -> None:
    try:
        await AsyncRespond(response_url=url)(text=text, response_type="ephemeral")
    except Exception as exc:
        log.warning("could not answer a refused Slack payload: %r", exc)
