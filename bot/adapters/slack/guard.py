"""One wrapper around every Bolt listener: whatever fails, the member gets a private answer.

A listener that raises leaves the member with nothing (or, before `ack()`, with Slack's own
error after 3 s), and Bolt logs the failure as well. `guarded` catches it, acknowledges the
request if that had not happened yet, logs the failure once, and answers the member privately:
through the response_url when there is one, else ephemerally in the channel, else in the
member's DM with the app. The listener's own parameters are injected as Bolt would.

The app has Bolt run each listener before it answers Slack (see per_request.py), so the wrapper
starts the listener's work as a task of its own and returns once it has acked (or ended): Bolt
then sends the ack at once, and the rest runs after it, as Slack's 3 seconds require. A listener
whose first step is a bare ack (`acks_first`) is acked by the wrapper before its task starts. A
listener that takes no `ack` (events) returns at once, and Bolt acks it.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import replace
from typing import Any

from slack_bolt.kwargs_injection.async_args import AsyncArgs

from bot.adapters.shared.failures import failure_view
from bot.adapters.slack import modals
from bot.adapters.slack.per_request import Replayed, SignalledAck
from bot.adapters.slack.render import Renderer, message
from bot.core.commands.inflight import InFlight
from bot.core.views import Reply
from bot.locale import SOURCE_LANGUAGE

log = logging.getLogger(__name__)

Listener = Callable[..., Awaitable[Any]]

# Slack waits 3 seconds for an ack; so long at most does Bolt wait for one (its ack_timeout).
ACK_WAIT = 3.0
# The listeners' tasks; holding them keeps them from being collected mid-way.
_running: set[asyncio.Task[None]] = set()


def guarded(
    listener: Listener, renderer: Renderer, inflight: InFlight, *, acks_first: bool = False
) -> Listener:
    """``listener`` as Bolt will call it: through `args`, so the wrapper sees every argument.

    `acks_first`: the listener's first step is a bare `await ack()` (a click, a slash
    command). The wrapper then makes that ack itself before starting the listener's task, and
    Bolt answers Slack in the same turn of the loop that read the request, not after the
    task's first turn, two turns of a busy loop later."""
    wanted = _parameters(listener)
    acks = "ack" in wanted

    async def run(args: AsyncArgs) -> None:
        with inflight.running():  # a stopping process lets it finish
            try:
                await listener(**{name: getattr(args, name) for name in wanted})
            except Replayed:
                pass  # acked as any click; the copy does nothing (webserver.py counts it)
            except Exception as exc:
                log.exception("slack listener failed", extra={"listener": listener.__name__})
                await _answer(args, Reply(failure_view(exc), private=True), renderer)

    async def guard(args: AsyncArgs) -> None:
        ack = args.ack
        if acks_first and isinstance(ack, SignalledAck):
            await ack.answer()
            _start(run(args))
            return
        task = _start(run(args))
        if acks and isinstance(ack, SignalledAck):
            task.add_done_callback(ack.settle)
            # Past the wait `called` is cancelled, which a later `settle` lets be.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(ACK_WAIT):
                    await ack.called
        elif acks:  # an ack that does not say when it is called: wait for the listener
            await asyncio.wait({task}, timeout=ACK_WAIT)

    guard.__name__ = guard.__qualname__ = f"guarded_{listener.__name__}"
    return guard


def later(listener: Listener) -> Listener:
    """An event listener with nobody to answer (uninstalls, revoked tokens) as a task of its
    own, so that Bolt acks the event at once; a failure is logged."""
    wanted = _parameters(listener)

    async def run(args: AsyncArgs) -> None:
        try:
            await listener(**{name: getattr(args, name) for name in wanted})
        except Exception:
            log.exception("slack listener failed", extra={"listener": listener.__name__})

    async def start(args: AsyncArgs) -> None:
        _start(run(args))

    start.__name__ = start.__qualname__ = f"later_{listener.__name__}"
    return start


def _parameters(listener: Listener) -> list[str]:
    return [name for name in inspect.signature(listener).parameters if name != "self"]


def _start(work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    task = asyncio.create_task(work)
    _running.add(task)
    task.add_done_callback(_running.discard)
    return task


async def _answer(args: AsyncArgs, reply: Reply, renderer: Renderer) -> None:
    try:
        if args.ack.response is None:
            await args.ack()  # a view submission this late would otherwise show Slack's error
        body: Mapping[str, Any] = args.body or {}
        text = message(replace(reply, language=_language_of(body)), renderer)
        user, channel = _member_and_channel(body)
        if body.get("response_url"):
            await args.respond(
                **text, response_type="ephemeral", replace_original=False, unfurl_links=False
            )
        elif user and channel:
            await args.client.chat_postEphemeral(channel=channel, user=user, **text)
        elif user:
            await args.client.chat_postMessage(channel=user, **text)  # the app's DM with them
    except Replayed:
        pass  # a copy of a request acted on already: nobody to tell
    except Exception:
        # Slack itself is failing; the failure is logged above, once.
        log.warning("could not tell the member about the failure", exc_info=True)


def _language_of(body: Mapping[str, Any]) -> str:
    """A form's language (it rides in the form); nothing else is known without a read, which
    a failure may be the cause of: English then."""
    view = body.get("view")
    if isinstance(view, Mapping):
        try:
            return modals.submission(view).language
        except Exception:  # a malformed form
            pass
    return SOURCE_LANGUAGE


def _member_and_channel(body: Mapping[str, Any]) -> tuple[str, str]:
    """Who sent the payload and where, for a slash command, a click or a form."""
    user = body.get("user")
    user_id = str(user.get("id", "")) if isinstance(user, Mapping) else ""
    user_id = user_id or str(body.get("user_id") or "")
    channel = body.get("channel")
    channel_id = str(channel.get("id", "")) if isinstance(channel, Mapping) else ""
    channel_id = channel_id or str(body.get("channel_id") or "")
    view = body.get("view")
    if not channel_id and isinstance(view, Mapping):
        try:  # our forms carry their channel along (a modal has none)
            channel_id = modals.submission(view).channel_id
        except Exception:  # a malformed form: the DM will do
            channel_id = ""
    return user_id, channel_id
