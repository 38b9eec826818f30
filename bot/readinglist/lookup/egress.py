"""Where lookups may connect: the services the operator configured, and the public internet.

A member's `/suggest` once made the bot follow a redirect to a loopback address and use the
answer as the paper. Every hop of every lookup is checked here: a URL whose origin is one the
settings name (the arXiv, DOI, Crossref, OpenAlex and LLM base URLs, and `lookup_allowed_urls`)
is fine wherever it points, since the operator chose it; any other host must resolve only to
public addresses. The check runs twice: on the URL before each hop (IP literals never reach a
resolver) and inside the connector's resolver (so a name that resolves differently the second
time, DNS rebinding, still cannot reach the bot's own network).

With an HTTP proxy configured (`lookup_proxy`), connections go to the proxy and it decides what
the bot may reach; the address checks then apply to nothing but the proxy itself.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver

if TYPE_CHECKING:  # a TypedDict from aiohttp 3.10 on; the floor (3.9) returns plain dicts
    from aiohttp.abc import ResolveResult

Origin = tuple[str, str, int]


class EgressRefused(OSError):
    """A connection the bot will not make: the message names the host, never the answer."""


def origin(url: str) -> Origin | None:
    """(scheme, host, port) of an http(s) URL, the port filled in; None for anything else."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        return None
    return scheme, parts.hostname.lower().rstrip("."), port


def is_public(address: str) -> bool:
    """True for a globally routable address; False for private, loopback, link-local,
    reserved, multicast, unspecified and the IPv4-mapped forms of those."""
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Egress:
    """The allow-list of configured origins, and the proxy if there is one."""

    allowed: frozenset[Origin] = field(default_factory=frozenset)
    proxy: str | None = None

    @classmethod
    def from_urls(cls, urls: Iterable[str | None], proxy: str | None = None) -> Egress:
        found = {o for url in urls if url and (o := origin(url)) is not None}
        return cls(frozenset(found), proxy or None)

    def allowing(self, *urls: str | None) -> Egress:
        """This policy with the origins of `urls` allowed too (a client's own base URLs)."""
        more = {o for url in urls if url and (o := origin(url)) is not None}
        return replace(self, allowed=self.allowed | more) if more - self.allowed else self

    def allows(self, url: str) -> bool:
        """True when `url`'s origin is one the settings name."""
        return origin(url) in self.allowed

    def _allowed_host(self, host: str, port: int) -> bool:
        host = host.lower().rstrip(".")
        return any(h == host and p == port for _, h, p in self.allowed)

    def check_url(self, url: str) -> None:
        """Refuse a URL that is not http(s), or names a non-public IP outside the allow-list.
        Host names are checked where they are resolved (see GuardedResolver)."""
        found = origin(url)
        if found is None:
            raise EgressRefused(f"{url[:80]!r} is not an http(s) address")
        if self.proxy or found in self.allowed:
            return
        _, host, _ = found
        if _literal(host) and not is_public(host):
            raise EgressRefused(f"{host} is not a public address")

    def connector(self) -> aiohttp.TCPConnector:
        return aiohttp.TCPConnector(resolver=GuardedResolver(self), ttl_dns_cache=60)

    def request_options(self) -> dict[str, Any]:
        """Extra keyword arguments for every request: the proxy, when one is configured."""
        return {"proxy": self.proxy} if self.proxy else {}


class GuardedResolver(AbstractResolver):
    """aiohttp's resolver, refusing names that resolve to any non-public address unless the
    host and port are on the allow-list (or are the proxy's)."""

    def __init__(self, egress: Egress) -> None:
        self._egress = egress
        self._inner = aiohttp.ThreadedResolver()
        proxy = origin(egress.proxy) if egress.proxy else None
        self._proxy = (proxy[1], proxy[2]) if proxy else None

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        if self._egress._allowed_host(host, port) or (host.lower(), port) == self._proxy:
            return results
        if self._egress.proxy:
            # Only the proxy is ever connected to; anything else is a mistake to refuse.
            raise EgressRefused(f"{host} is not the configured proxy")
        if not results or not all(is_public(str(r["host"])) for r in results):
            raise EgressRefused(f"{host} resolves to an address that is not public")
        return results

    async def close(self) -> None:
        await self._inner.close()
