"""What the fake Slack records of each call, and how it reads a call's arguments."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import web

JsonDict = dict[str, Any]
MethodHandler = Callable[[JsonDict], JsonDict]
T = TypeVar("T")

# slack_sdk sends these as JSON-encoded strings whenever it form-encodes or uses query params
# (files.completeUploadExternal always does); decode them so recorded args look the same
# whichever transport the caller's code path happened to use.
JSON_ENCODED_ARGS = frozenset({"blocks", "attachments", "metadata", "view", "files"})

# Calls recorded for the non-Web-API endpoints, so tests can wait on them like API methods.
RESPONSE_URL = "response_url"
RESPONSE_URL_USES = 5
RESPONSE_URL_SECONDS = 30 * 60
FILE_UPLOAD = "file_upload"


@dataclass
class SlackCall:
    """One request the fake received (Web API method, response_url POST or file upload)."""

    method: str
    args: JsonDict
    http_method: str
    path: str
    headers: dict[str, str]
    token: str | None
    status: int = 200
    response: JsonDict = field(default_factory=dict)
    received_at: float = field(default_factory=time.monotonic)  # for the bench's latencies


class Refused(Exception):
    """Slack's answer to a call it refuses, raised by a check several methods share so that each
    method lists its checks one a line, in the order it makes them (which of two faults a call
    is answered for); the Web API's front door (web_api.py) answers it as Slack does, HTTP 200
    with ``ok`` false."""

    def __init__(self, answer: JsonDict) -> None:
        super().__init__(answer.get("error"))
        self.answer = answer


def refuse(answer: JsonDict | None) -> None:
    """Refuse the call with a check's answer (a ``*_refused`` function's), if it has one."""
    if answer is not None:
        raise Refused(answer)


@dataclass
class SlackAck:
    """What the app sent back over the Socket Mode websocket for one envelope."""

    envelope_id: str
    payload: JsonDict | None
    raw: JsonDict


def truthy(value: Any) -> bool:
    # slack_sdk turns booleans into "1"/"0" in query/form params but keeps them in JSON bodies.
    return value in (True, 1, "1", "true", "True")


async def read_args(request: web.Request) -> JsonDict:
    args: JsonDict = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                args.update(body)
        else:
            form = await request.post()
            for key, value in form.items():
                args[key] = value.file.read() if isinstance(value, web.FileField) else value
    for key in JSON_ENCODED_ARGS & args.keys():
        value = args[key]
        if isinstance(value, str) and value[:1] in ("[", "{"):
            args[key] = json.loads(value)
    return args
