"""Waiting for requests, callbacks and gateway payloads the client sent to the fake Discord."""

# The waiters take ``timeout=`` on purpose: it is the API tests call, not a cancellation scope.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

from paperclub_fakes.bounds import HANG
from paperclub_fakes.discord_fake.objects import JSON
from paperclub_fakes.discord_fake.recording import RecordedRequest, norm_method
from paperclub_fakes.discord_fake.state import DiscordState


class Waiting(DiscordState):
    """Waiting on what the client did, instead of sleeping."""

    def find_requests(
        self, method: str | None, path_regex: str, *, include_rate_limited: bool = False
    ) -> list[RecordedRequest]:
        """All recorded requests whose path fully matches ``path_regex`` (consumed or not)."""
        m = norm_method(method)
        pattern = re.compile(path_regex)
        return [
            r
            for r in self.requests
            if (m is None or r.method == m)
            and pattern.fullmatch(r.path)
            and (include_rate_limited or not r.rate_limited)
        ]

    async def wait_for_request(
        self,
        method: str | None,
        path_regex: str,
        *,
        timeout: float = HANG,
        predicate: Callable[[RecordedRequest], bool] | None = None,
        include_rate_limited: bool = False,
    ) -> RecordedRequest:
        """The oldest matching request not yet returned by a previous wait, waiting if needed."""

        def check() -> RecordedRequest | None:
            for r in self.find_requests(
                method, path_regex, include_rate_limited=include_rate_limited
            ):
                if not r.consumed and (predicate is None or predicate(r)):
                    r.consumed = True
                    return r
            return None

        return await self._wait_until(check, timeout, f"{method} {path_regex}")

    async def wait_for_callback(
        self,
        interaction: JSON,
        *,
        timeout: float = HANG,
    ) -> RecordedRequest:
        """The accepted callback for ``interaction``; ``.json`` is ``{"type", "data"}``."""
        return await self.wait_for_request(
            "POST",
            rf"/interactions/{interaction['id']}/{re.escape(interaction['token'])}/callback",
            timeout=timeout,
            predicate=lambda r: r.status < 300,
        )

    async def wait_ready(self, timeout: float = HANG) -> None:
        """Until a client has IDENTIFYed and READY + every GUILD_CREATE were sent."""
        try:
            await asyncio.wait_for(self._ready.wait(), timeout)
        except TimeoutError:
            raise AssertionError(f"no client became ready within {timeout}s") from None

    async def wait_for_gateway_op(
        self,
        op: int,
        *,
        timeout: float = HANG,
        predicate: Callable[[JSON], bool] | None = None,
    ) -> JSON:
        """The first payload with this op the client sent (4 voice state, 8 request members)."""

        def check() -> JSON | None:
            for p in self.gateway_received:
                if p.get("op") == op and (predicate is None or predicate(p)):
                    return p
            return None

        return await self._wait_until(check, timeout, f"gateway op {op}")
