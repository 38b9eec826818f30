"""Failure injection for the fake Discord: rate limits, errors and held (slow) requests."""

# The waiters take ``timeout=`` on purpose: it is the API tests call, not a cancellation scope.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import re

from paperclub_fakes.bounds import HANG
from paperclub_fakes.discord_fake.recording import Injection, RecordedRequest, norm_method
from paperclub_fakes.discord_fake.state import DiscordState


class FailureInjection(DiscordState):
    """Tests make the fake misbehave as Discord can: 429s, errors, slow answers."""

    def rate_limit(
        self,
        method: str | None,
        path_regex: str,
        *,
        times: int = 1,
        retry_after: float = 0.05,
        is_global: bool = False,
    ) -> None:
        """Answer the next ``times`` matching requests with 429.

        The answer carries ``Via`` and a JSON ``retry_after``, so discord.py sleeps and retries.
        """
        body = {
            "message": "You are being rate limited.",
            "retry_after": retry_after,
            "global": is_global,
        }
        headers = {
            "Via": "1.1 google",
            "Retry-After": str(max(1, round(retry_after))),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset-After": str(retry_after),
            "X-RateLimit-Bucket": "fake-bucket",
            "X-RateLimit-Scope": "global" if is_global else "user",
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        self._injections.append(
            Injection(norm_method(method), re.compile(path_regex), times, 429, body, headers, True)
        )

    def fail(
        self,
        method: str | None,
        path_regex: str,
        *,
        status: int,
        code: int = 0,
        message: str = "injected failure",
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` matching requests with an error, e.g. 403 code 50013.

        discord.py retries 500/502/504 itself after sleeping 1 s, 3 s, ...: prefer 403/404/400.
        """
        self._injections.append(
            Injection(
                norm_method(method),
                re.compile(path_regex),
                times,
                status,
                {"message": message, "code": code},
                {},
                False,
            )
        )

    def hold(self, method: str, path_regex: str) -> asyncio.Event:
        """Keep matching requests waiting, unanswered, until the returned event is set: a slow
        Discord. The waiting ones are in `held` (see `wait_held`)."""
        gate = asyncio.Event()
        self._holds.append((method.upper(), re.compile(path_regex), gate))
        return gate

    async def _held(self, rec: RecordedRequest) -> None:
        for method, pattern, gate in self._holds:
            if method == rec.method and pattern.fullmatch(rec.path) and not gate.is_set():
                self.held.append(rec)
                self._bump()
                await gate.wait()
                self.held.remove(rec)

    async def wait_held(self, count: int = 1, timeout: float = HANG) -> None:
        """Until ``count`` requests are kept waiting by `hold`."""
        await self._wait_until(
            lambda: True if len(self.held) >= count else None, timeout, f"{count} held requests"
        )
