"""What the fake Discord records of each REST request, and how it reads a request's body."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from aiohttp import BodyPartReader, web

from paperclub_fakes.discord_fake.objects import JSON


@dataclass
class RecordedFile:
    field: str  # multipart field name, e.g. "files[0]"
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class RecordedRequest:
    seq: int
    method: str
    path: str  # relative to the API base, e.g. "/channels/123/messages"
    query: dict[str, str]
    headers: dict[str, str]
    json: Any  # the JSON body, or a multipart body's payload_json; None when empty
    files: list[RecordedFile] = field(default_factory=list)
    status: int = 0
    response: Any = None
    rate_limited: bool = False  # answered 429 by rate_limit(); discord.py retries it
    consumed: bool = False
    received_at: float = field(default_factory=time.monotonic)  # for the bench's latencies

    def __repr__(self) -> str:
        return f"<{self.method} {self.path} -> {self.status}>"


@dataclass
class Injection:
    method: str | None
    pattern: re.Pattern[str]
    remaining: int
    status: int
    body: JSON
    headers: dict[str, str]
    rate_limit: bool


@dataclass
class Incoming:
    method: str
    path: str
    query: Mapping[str, str]
    json: Any
    files: list[RecordedFile]
    authorized: bool


Handler = Callable[[Incoming, "re.Match[str]"], Any]
MISSING: Any = object()


def norm_method(method: str | None) -> str | None:
    return method.upper() if method is not None else None


async def read_body(request: web.Request) -> tuple[Any, list[RecordedFile]]:
    if not request.can_read_body:
        return None, []
    if request.content_type.startswith("multipart/"):
        payload: Any = None
        files: list[RecordedFile] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            data = bytes(await part.read(decode=False))
            if part.name == "payload_json":
                payload = orjson.loads(data)
            else:
                files.append(
                    RecordedFile(
                        field=part.name or "",
                        filename=part.filename,
                        content_type=part.headers.get("Content-Type"),
                        data=data,
                    )
                )
        return payload, files
    raw = await request.read()
    if not raw:
        return None, []
    with contextlib.suppress(ValueError):
        return orjson.loads(raw), []
    return raw.decode(errors="replace"), []
