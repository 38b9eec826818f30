"""HTTP for the metadata services: one GET/POST with a timeout and retries with exponential
backoff on 5xx, 429 and timeouts, and the session and cache handling every client shares.

4xx other than 429 are answers, not failures of the service, so they are returned at once.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self, TypedDict
from urllib.parse import urljoin, urlsplit

import aiohttp

from bot.readinglist.lookup.base import LookupFailed, MetadataCache, PaperMetadata, ServiceDown
from bot.readinglist.lookup.politeness import HostLimiter, user_agent

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


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
    content_type: str = ""
    url: str = ""  # where the answer came from, after redirects


class TooLarge(LookupFailed):
    """The answer was bigger than the caller allows; nothing past the limit was read."""


class RedirectRefused(LookupFailed):
    """A redirect pointed somewhere the bot will not go (a private address, too many hops)."""


async def _read_capped(response: aiohttp.ClientResponse, max_bytes: int | None) -> bytes:
    if max_bytes is None:
        return await response.read()
    declared = response.content_length
    if declared is not None and declared > max_bytes:
        raise TooLarge(f"the answer is {declared:,} bytes, over the {max_bytes:,}-byte limit")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise TooLarge(f"the answer is over the {max_bytes:,}-byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def _is_public_address(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return True  # a name: checked by resolving it in _redirect_allowed
    return address.is_global


async def _redirect_allowed(origin: str, target: str) -> bool:
    """Same scheme-agnostic host and port as the configured URL, or a host whose every address
    is public: a redirect must never reach the bot's own network."""
    first, then = urlsplit(origin), urlsplit(target)
    if then.scheme not in ("http", "https") or not then.hostname:
        return False
    if (then.hostname, then.port) == (first.hostname, first.port):
        return True
    if not _is_public_address(then.hostname):
        return False
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(then.hostname, then.port or 443)
    except OSError:
        return False
    return all(_is_public_address(str(info[4][0])) for info in infos)


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
    max_bytes: int | None = None,
    max_redirects: int | None = None,
    **kwargs: Any,
) -> Response:
    """One request with retries; each attempt waits for the host's turn when a limiter is given
    (see politeness.py), and a Retry-After the host sends holds back every later request.

    `max_bytes` caps the body while it streams in (TooLarge past it). `max_redirects` follows
    redirects by hand, each only to the same host or a public one (RedirectRefused otherwise);
    without it aiohttp's own redirect handling applies."""
    last_problem = ""
    headers = {"User-Agent": user_agent(), **(kwargs.pop("headers", None) or {})}
    if max_redirects is not None:
        kwargs["allow_redirects"] = False
    origin = url
    hops = 0
    attempt = 0
    while attempt <= policy.retries:
        if attempt:
            await asyncio.sleep(policy.delay(attempt - 1))
        attempt += 1
        try:
            timeout = aiohttp.ClientTimeout(total=policy.timeout)
            turn = limiter.slot(url) if limiter is not None else _no_limit()
            async with (
                turn,
                session.request(
                    method, url, timeout=timeout, headers=headers, **kwargs
                ) as response,
            ):
                location = response.headers.get("Location")
                if max_redirects is not None and response.status in _REDIRECTS and location:
                    target = urljoin(url, location)
                    hops += 1
                    if hops > max_redirects or not await _redirect_allowed(origin, target):
                        raise RedirectRefused(f"{service} redirected to {target}, refused")
                    url, attempt = target, 0
                    continue
                body = await _read_capped(response, max_bytes)
                if response.status not in _RETRY_STATUSES:
                    return Response(
                        response.status, body, response.headers.get("Content-Type", ""), url
                    )
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
