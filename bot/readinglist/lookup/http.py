"""HTTP for the metadata services: one GET/POST with a timeout and retries (tenacity: exponential
backoff with jitter, at least the host's Retry-After) on 5xx, 429 and timeouts, and the session
and cache handling every client shares.

4xx other than 429 are answers, not failures of the service, so they are returned at once.
Every answer is read within a size limit, every redirect is followed by hand and checked (see
egress.py), and every attempt has a connect, a read and a total timeout: an answer that stalls
fails in seconds, and a 300 MB one is cut off at the limit instead of read into memory.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self, TypedDict
from urllib.parse import urljoin, urlsplit

import aiohttp
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
    wait_random,
)

from bot.readinglist.lookup.base import LookupFailed, MetadataCache, PaperMetadata, ServiceDown
from bot.readinglist.lookup.egress import Egress, EgressRefused, is_public
from bot.readinglist.lookup.politeness import HostLimiter, user_agent

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# What a caller that names no limit may read: far more than any metadata answer, far less than
# what a hostile or broken server can send.
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5


@dataclass(frozen=True)
class RetryPolicy:
    timeout: float = 10.0  # the whole attempt
    retries: int = 3
    backoff: float = 0.5  # the first wait; each later one doubles, plus up to this much jitter
    connect: float = 5.0  # to open the connection
    read: float = 10.0  # between two pieces of the answer
    max_backoff: float = 30.0  # no wait between tries is longer, unless the host asks

    def client_timeout(self) -> aiohttp.ClientTimeout:
        return aiohttp.ClientTimeout(
            total=self.timeout,
            sock_connect=min(self.connect, self.timeout),
            sock_read=min(self.read, self.timeout),
        )


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


async def _read_capped(response: aiohttp.ClientResponse, max_bytes: int) -> bytes:
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


async def _redirect_allowed(origin: str, target: str, egress: Egress) -> bool:
    """The same host and port as the request that was redirected, an origin the settings name,
    or a host whose every address is public: a redirect must never reach the bot's own network.

    Names are resolved here and again by the session's guarded resolver when it connects, so a
    name that answers differently the second time is refused there."""
    first, then = urlsplit(origin), urlsplit(target)
    try:
        egress.check_url(target)
    except EgressRefused:
        return False
    if egress.proxy or egress.allows(target):
        return True
    if (then.hostname, then.port) == (first.hostname, first.port):
        return True
    assert then.hostname is not None  # check_url refused URLs without one
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(then.hostname, then.port or 443)
    except OSError:
        return False
    return bool(infos) and all(is_public(str(info[4][0])) for info in infos)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header in its delta-seconds form (the form APIs send)."""
    if value is None or not value.strip().isascii() or not value.strip().isdigit():
        return None
    return min(float(value.strip()), 600.0)


class _Retry(Exception):
    """One attempt failed in a way worth another try (429, 5xx, a timeout, a dropped line)."""

    def __init__(self, problem: str, retry_after: float | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.retry_after = retry_after


def _wait(policy: RetryPolicy) -> Callable[[RetryCallState], float]:
    """Exponential backoff with random jitter (so many clients that failed together do not
    come back together), never shorter than the Retry-After the host sent."""
    jittered = wait_exponential(multiplier=policy.backoff, max=policy.max_backoff) + wait_random(
        0, policy.backoff
    )

    def wait(state: RetryCallState) -> float:
        delay = float(jittered(state))
        failure = state.outcome.exception() if state.outcome is not None else None
        if isinstance(failure, _Retry) and failure.retry_after is not None:
            delay = max(delay, failure.retry_after)
        return delay

    return wait


async def request(
    session: aiohttp.ClientSession,
    method: str,
    url: str,
    *,
    policy: RetryPolicy,
    service: str,
    limiter: HostLimiter | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    egress: Egress | None = None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    **kwargs: Any,
) -> Response:
    """One request with retries (tenacity: exponential backoff with jitter, at least the
    host's Retry-After); each attempt waits for the host's turn when a limiter is given (see
    politeness.py), and a Retry-After the host sends holds back every later request too.

    `max_bytes` caps the body while it streams in (TooLarge past it). Redirects are followed by
    hand, at most `max_redirects`, each only to the same host, an origin `egress` allows or a
    public host (RedirectRefused otherwise). The first URL is the caller's: its origin counts as
    allowed."""
    headers = {"User-Agent": user_agent(), **(kwargs.pop("headers", None) or {})}
    kwargs["allow_redirects"] = False
    egress = (egress or Egress()).allowing(url)
    kwargs.update(egress.request_options())
    attempt = _Attempt(session, method, policy, service, limiter, max_bytes, max_redirects)
    retrying = AsyncRetrying(
        stop=stop_after_attempt(policy.retries + 1),
        wait=_wait(policy),
        retry=retry_if_exception_type(_Retry),
        sleep=sleep or asyncio.sleep,
        reraise=True,
    )
    try:
        return await retrying(attempt.run, url, egress, headers, kwargs)
    except _Retry as exc:
        raise ServiceDown(
            f"{service} is not answering ({exc.problem}, {policy.retries + 1} tries)"
        ) from None


@dataclass(frozen=True)
class _Attempt:
    session: aiohttp.ClientSession
    method: str
    policy: RetryPolicy
    service: str
    limiter: HostLimiter | None
    max_bytes: int
    max_redirects: int

    async def run(
        self, url: str, egress: Egress, headers: dict[str, str], kwargs: dict[str, Any]
    ) -> Response:
        """One try, following redirects by hand. Raises _Retry for what another try may fix."""
        origin = url
        for _hop in range(self.max_redirects + 1):
            try:
                turn = self.limiter.slot(url) if self.limiter is not None else _no_limit()
                async with (
                    turn,
                    self.session.request(
                        self.method,
                        url,
                        timeout=self.policy.client_timeout(),
                        headers=headers,
                        **kwargs,
                    ) as response,
                ):
                    location = response.headers.get("Location")
                    if response.status in _REDIRECTS and location:
                        target = urljoin(url, location)
                        if not await _redirect_allowed(origin, target, egress):
                            raise self._refused(target)
                        url = target
                        continue
                    body = await _read_capped(response, self.max_bytes)
                    if response.status not in _RETRY_STATUSES:
                        return Response(
                            response.status, body, response.headers.get("Content-Type", ""), url
                        )
                    wait = _retry_after(response.headers.get("Retry-After"))
                    if wait is not None and self.limiter is not None:
                        self.limiter.defer(url, wait)
                    raise _Retry(f"HTTP {response.status}", wait)
            except TimeoutError:
                raise _Retry(f"no answer within {self.policy.timeout:g} s") from None
            except aiohttp.ClientConnectorError as exc:
                if isinstance(exc.os_error, EgressRefused):
                    # The guarded resolver refused the address: an answer, not a failure.
                    raise RedirectRefused(
                        f"{self.service} redirected to {exc.host}, refused"
                    ) from None
                raise _Retry(f"{type(exc).__name__}: {exc}") from None
            except aiohttp.ClientError as exc:
                raise _Retry(f"{type(exc).__name__}: {exc}") from None
        raise self._refused(url)

    def _refused(self, target: str) -> RedirectRefused:
        shown = urlsplit(target).hostname or target[:60]
        return RedirectRefused(f"{self.service} redirected to {shown}, refused")


@asynccontextmanager
async def _no_limit() -> AsyncIterator[None]:
    yield


class ClientOptions(TypedDict, total=False):
    session: aiohttp.ClientSession | None
    cache: MetadataCache | None
    limiter: HostLimiter | None
    egress: Egress | None
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
        egress: Egress | None = None,
        user_agent: str | None = None,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.5,
    ) -> None:
        self.base_url = base_url
        self.cache = cache
        self.limiter = limiter
        # The client's own base URL is configuration: trusted wherever it points.
        self.egress = (egress or Egress()).allowing(base_url)
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
            self._session = aiohttp.ClientSession(
                headers=headers, connector=self.egress.connector()
            )
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
            egress=self.egress,
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
