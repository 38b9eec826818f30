"""HTTP for the metadata services: one GET/POST with a timeout and retries with exponential
backoff on 5xx, 429 and timeouts, and the session and cache handling every client shares.

4xx other than 429 are answers, not failures of the service, so they are returned at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self, TypedDict

import aiohttp

from bot.readinglist.lookup.base import MetadataCache, PaperMetadata, ServiceDown
from bot.readinglist.lookup.politeness import HostLimiter, user_agent

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    timeout: float = 10.0
    retries: int = 3
    backoff: float = 0.5

    def delay(self, attempt: int) -> float:
        return float(self.backoff * (2**attempt))


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header in its delta-seconds form (the form APIs send)."""
    if value is None or not value.strip().isascii() or not value.strip().isdigit():
        return None
    return min(float(value.strip()), 600.0)


async def request(
    session: aiohttp.ClientSession,
    method: str,
    url: str,
    *,
    policy: RetryPolicy,
    service: str,
    limiter: HostLimiter | None = None,
    **kwargs: Any,
) -> Response:
    """One request with retries; each attempt waits for the host's turn when a limiter is given
    (see politeness.py), and a Retry-After the host sends holds back every later request."""
    last_problem = ""
    headers = {"User-Agent": user_agent(), **(kwargs.pop("headers", None) or {})}
    for attempt in range(policy.retries + 1):
        if attempt:
            await asyncio.sleep(policy.delay(attempt - 1))
        try:
            timeout = aiohttp.ClientTimeout(total=policy.timeout)
            turn = limiter.slot(url) if limiter is not None else _no_limit()
            async with (
                turn,
                session.request(
                    method, url, timeout=timeout, headers=headers, **kwargs
                ) as response,
            ):
                body = await response.read()
                if response.status not in _RETRY_STATUSES:
                    return Response(response.status, body)
                last_problem = f"HTTP {response.status}"
                wait = _retry_after(response.headers.get("Retry-After"))
                if wait is not None and limiter is not None:
                    limiter.defer(url, wait)
        except TimeoutError:
            last_problem = f"no answer within {policy.timeout:g} s"
        except aiohttp.ClientError as exc:
            last_problem = f"{type(exc).__name__}: {exc}"
    raise ServiceDown(f"{service} is not answering ({last_problem}, {policy.retries + 1} tries)")


@asynccontextmanager
async def _no_limit() -> AsyncIterator[None]:
    yield


class ClientOptions(TypedDict, total=False):
    session: aiohttp.ClientSession | None
    cache: MetadataCache | None
    limiter: HostLimiter | None
    user_agent: str | None
    timeout: float
    retries: int
    backoff: float


class HttpClient:
    """A metadata client: owns an aiohttp session unless given one, and reads through a cache."""

    def __init__(
        self,
        base_url: str,
        *,
        session: aiohttp.ClientSession | None = None,
        cache: MetadataCache | None = None,
        limiter: HostLimiter | None = None,
        user_agent: str | None = None,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.5,
    ) -> None:
        self.base_url = base_url
        self.cache = cache
        self.limiter = limiter
        self.user_agent = user_agent
        self.policy = RetryPolicy(timeout=timeout, retries=retries, backoff=backoff)
        self._session = session
        self._owns_session = session is None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            headers = {"User-Agent": self.user_agent} if self.user_agent else None
            self._session = aiohttp.ClientSession(headers=headers)
        return self._session

    async def _request(self, method: str, url: str, *, service: str, **kwargs: Any) -> Response:
        """`request` with this client's session, retry policy, limiter and User-Agent."""
        headers = dict(kwargs.pop("headers", None) or {})
        if self.user_agent:
            headers.setdefault("User-Agent", self.user_agent)
        return await request(
            self._get_session(),
            method,
            url,
            policy=self.policy,
            service=service,
            limiter=self.limiter,
            headers=headers,
            **kwargs,
        )

    async def _cached(self, key: str) -> PaperMetadata | None:
        if self.cache is None:
            return None
        cached = await self.cache.get(key)
        return PaperMetadata.from_dict(cached) if cached is not None else None

    async def _remember(self, key: str, paper: PaperMetadata) -> None:
        if self.cache is not None:
            await self.cache.put(key, paper.to_dict())
