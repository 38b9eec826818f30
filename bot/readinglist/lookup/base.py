"""Types shared by the lookup clients."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol


class LookupFailed(Exception):
    """The paper could not be found or the service could not be reached; the text says which."""


class PaperNotFound(LookupFailed):
    """The service answered, and it has no such paper."""


class ServiceDown(LookupFailed):
    """The service did not answer usefully (timeouts, 5xx after retries, unreachable)."""


@dataclass(frozen=True)
class PaperMetadata:
    title: str
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    abstract: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PaperMetadata:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)


class MetadataCache(Protocol):
    """Where lookups are remembered between runs; the database layer provides the real one."""

    async def get(self, key: str) -> dict[str, Any] | None: ...

    async def put(self, key: str, value: dict[str, Any]) -> None: ...


class InMemoryCache:
    def __init__(self) -> None:
        self.data: dict[str, dict[str, Any]] = {}

    async def get(self, key: str) -> dict[str, Any] | None:
        value = self.data.get(key)
        return dict(value) if value is not None else None

    async def put(self, key: str, value: dict[str, Any]) -> None:
        self.data[key] = dict(value)
