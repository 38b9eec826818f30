"""Failure injection for the fake Slack: rate limits, errors, odd answers and slow calls."""

from __future__ import annotations

import asyncio

from paperclub_fakes.slack_fake.records import JsonDict, MethodHandler
from paperclub_fakes.slack_fake.state import SlackState


class FailureInjection(SlackState):
    """Tests make the fake misbehave as Slack can."""

    def rate_limit(self, method: str, count: int = 1, retry_after: int = 1) -> None:
        """Answer the next ``count`` calls of ``method`` with HTTP 429 and ``Retry-After``."""
        self._rate_limits[method] = [count, retry_after]

    def fail_next(self, method: str, error: str, count: int = 1) -> None:
        """Answer the next ``count`` calls of ``method`` with ``{"ok": false, "error": error}``."""
        self._failures[method] = [count, error]

    def answer_next(self, method: str, body: JsonDict, count: int = 1) -> None:
        """Answer the next ``count`` calls of ``method`` with ``body`` as it is, however
        malformed (``{"ok": true}`` with no ``user``): what a proxy or an API change can send."""
        self._verbatim[method] = [count, body]

    def cut_next(self, method: str, count: int = 1) -> None:
        """Close the connection of the next ``count`` calls of ``method`` without a word: a
        network failure between the bot and Slack (no HTTP answer, so no SlackApiError)."""
        self._cuts[method] = count

    def hold(self, method: str) -> asyncio.Event:
        """Keep calls of ``method`` waiting until the returned event is set: a slow Slack."""
        gate = self._holds[method] = asyncio.Event()
        return gate

    async def wait_waiting(self, method: str, count: int = 1, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Until ``count`` calls of a held ``method`` are waiting."""
        await self._wait(
            lambda: True if self.waiting.get(method, 0) >= count else None,
            timeout,
            f"{count} waiting {method} calls",
        )

    def set_handler(self, method: str, handler: MethodHandler) -> None:
        """Add or replace a Web API method; the handler gets the parsed args, returns the body."""
        self._handlers[method] = handler
