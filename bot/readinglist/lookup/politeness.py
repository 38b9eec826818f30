"""Polite use of other people's servers: one limiter per host, and a User-Agent that names us.

arXiv's API terms ask for at most one request every 3 seconds, on a single connection, across
all of its APIs (export.arxiv.org and the arxiv.org abs/html/pdf pages count together), and for a
client that identifies itself. Crossref asks for a `mailto` so it can reach the operator. One
`HostLimiter` is built per process (in bootstrap) and shared by every client that talks to a
host, so `/suggest`, imports and the scheduler together stay inside those terms.

Pacing uses the event loop's monotonic clock, not the wall clock: it measures gaps between
requests, and must not jump when the system time is adjusted.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import urlsplit

# What the bot says it is, before the operator's contact address.
CLIENT_DESCRIPTION = "paperclub research paper club bot"


@dataclass(frozen=True, slots=True)
class HostPolicy:
    """How one host (or group of hosts) wants to be treated."""

    min_interval: float = 0.0  # seconds between the end of one request and the next start
    connections: int = 4  # requests in flight at once


# arXiv: one request every 3 s, one connection, for every arXiv API and page together.
ARXIV = HostPolicy(min_interval=3.0, connections=1)
# Crossref: its public pool allows 5 requests a second, one at a time (the polite pool more);
# the headers of every answer say so (x-rate-limit-limit, x-rate-limit-interval). Staying
# inside the smaller pool's budget is right whichever pool the requests land in.
CROSSREF = HostPolicy(min_interval=0.2, connections=1)
DEFAULT_POLICIES: Mapping[str, HostPolicy] = {"arxiv.org": ARXIV, "api.crossref.org": CROSSREF}
DEFAULT_POLICY = HostPolicy(min_interval=0.0, connections=4)


def host_group(url_or_host: str) -> str:
    """The key a host is paced under: subdomains of a policy's domain share its limiter, and a
    URL's explicit port is part of it (two services on one machine are two budgets)."""
    port = None
    if "//" in url_or_host:
        parts = urlsplit(url_or_host)
        host = parts.hostname
        try:
            port = parts.port
        except ValueError:  # a port that is not a number: the host alone
            port = None
    else:
        host = url_or_host
    host = (host or "").lower().rstrip(".")
    # export.arxiv.org, arxiv.org and www.arxiv.org are one service with one budget.
    if host == "arxiv.org" or host.endswith(".arxiv.org"):
        return "arxiv.org"
    return f"{host}:{port}" if port is not None else host


class _Host:
    def __init__(self, policy: HostPolicy) -> None:
        self.policy = policy
        self.slots = asyncio.Semaphore(policy.connections)
        self.turn = asyncio.Lock()  # serialises the "wait for the gap" step
        self.next_start = 0.0


class HostLimiter:
    """Per-host pacing and connection limits, shared by every lookup client of a process.

    Usage: `async with limiter.slot(url): ...` around one HTTP request (including retries'
    individual attempts, so a retry also waits its turn)."""

    def __init__(
        self,
        policies: Mapping[str, HostPolicy] | None = None,
        *,
        default: HostPolicy = DEFAULT_POLICY,
        monotonic: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._policies = dict(DEFAULT_POLICIES if policies is None else policies)
        self._default = default
        self._monotonic = monotonic
        self._sleep = sleep
        self._hosts: dict[str, _Host] = {}

    def _now(self) -> float:
        if self._monotonic is not None:
            return self._monotonic()
        return asyncio.get_running_loop().time()

    def policy(self, url_or_host: str) -> HostPolicy:
        """The host's own policy (by host and port), else its machine's, else the default."""
        key = host_group(url_or_host)
        if key in self._policies:
            return self._policies[key]
        bare = host_group(urlsplit(url_or_host).hostname or "") if "//" in url_or_host else key
        return self._policies.get(bare, self._default)

    def adopt(self, url: str, policy: HostPolicy) -> None:
        """Pace `url`'s host as `policy` says (a configured mirror or proxy of arXiv is paced
        as arXiv: what it forwards counts against arXiv's budget)."""
        key = host_group(url)
        self._policies.setdefault(key, policy)

    def _host(self, url_or_host: str) -> _Host:
        key = host_group(url_or_host)
        if key not in self._hosts:
            self._hosts[key] = _Host(self.policy(url_or_host))
        return self._hosts[key]

    @asynccontextmanager
    async def slot(self, url_or_host: str) -> AsyncIterator[None]:
        host = self._host(url_or_host)
        async with host.slots:
            async with host.turn:
                wait = host.next_start - self._now()
                if wait > 0:
                    await self._sleep(wait)
                # Reserve the gap now, so concurrent callers queue behind this request.
                host.next_start = self._now() + host.policy.min_interval
            try:
                yield
            finally:
                # Count the gap from the end of the request: a slow answer is no licence to
                # send the next one sooner.
                host.next_start = max(host.next_start, self._now() + host.policy.min_interval)

    def defer(self, url_or_host: str, seconds: float) -> None:
        """The host asked us to wait (Retry-After, 429, 503): nobody sends to it before then."""
        host = self._host(url_or_host)
        host.next_start = max(host.next_start, self._now() + max(0.0, seconds))


def user_agent(contact: str | None = None) -> str:
    """`paperclub/<version> (paperclub research paper club bot; mailto:<contact>)`: a client that
    names itself and a way to reach its operator, as arXiv and Crossref ask."""
    try:
        version = metadata.version("paperclub")
    except metadata.PackageNotFoundError:
        version = "0"
    details = [CLIENT_DESCRIPTION]
    if contact and contact.strip():
        address = contact.strip()
        details.append(address if "://" in address else f"mailto:{address}")
    return f"paperclub/{version} ({'; '.join(details)})"
