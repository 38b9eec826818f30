"""One GET/POST with a timeout and retries with exponential backoff on 5xx, 429 and timeouts.

4xx other than 429 are answers, not failures of the service, so they are returned at once.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.readinglist.lookup.base import ServiceDown

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


async def request(
    session: aiohttp.ClientSession,
    method: str,
    url: str,
    *,
    policy: RetryPolicy,
    service: str,
    **kwargs: Any,
) -> Response:
    last_problem = ""
    for attempt in range(policy.retries + 1):
        if attempt:
            await asyncio.sleep(policy.delay(attempt - 1))
        try:
            timeout = aiohttp.ClientTimeout(total=policy.timeout)
            async with session.request(method, url, timeout=timeout, **kwargs) as response:
                body = await response.read()
                if response.status not in _RETRY_STATUSES:
                    return Response(response.status, body)
                last_problem = f"HTTP {response.status}"
        except TimeoutError:
            last_problem = f"no answer within {policy.timeout:g} s"
        except aiohttp.ClientError as exc:
            last_problem = f"{type(exc).__name__}: {exc}"
    raise ServiceDown(f"{service} is not answering ({last_problem}, {policy.retries + 1} tries)")
