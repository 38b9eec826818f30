"""The workspace the requests come from, and Slack's request signature (Bolt checks it)."""

from __future__ import annotations

import itertools
import time
from typing import Any, NamedTuple

from slack_sdk.signature import SignatureVerifier

JsonDict = dict[str, Any]

SIGNING_SECRET = "test-signing-secret"
WRONG_SECRET = "not-the-signing-secret"
TEAM_ID = "T0FAKE001"
TEAM_DOMAIN = "paperclub-test"
USER_ID = "U0HUMAN01"
CHANNEL_ID = "C0CLUB001"
API_APP_ID = "A0APP0001"
BOT_USER_ID = "U0BOT0001"
# Points at a closed local port so a test that forgets ``base_url`` fails instead of leaving
# the machine; pass ``base_url=fake.base_url`` to have ``respond()`` reach FakeSlack.
_NOWHERE = "http://127.0.0.1:9"
# Bolt rejects timestamps more than 5 minutes old.
STALE_SECONDS = 6 * 60

_seq = itertools.count(1)


class SignedRequest(NamedTuple):
    body: bytes
    headers: dict[str, str]


def next_id(prefix: str) -> str:
    return f"{prefix}{next(_seq):08d}"


def sign(body: bytes, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """The two signature headers Slack adds to every request."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    assert signature is not None
    return {"x-slack-request-timestamp": ts, "x-slack-signature": signature}


def signed(
    body: bytes,
    content_type: str,
    *,
    secret: str,
    wrong_secret: bool,
    stale: bool,
    timestamp: int | None,
    extra_headers: dict[str, str] | None = None,
) -> SignedRequest:
    if stale:
        timestamp = int(time.time()) - STALE_SECONDS
    headers = {
        "content-type": content_type,
        "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        **sign(body, WRONG_SECRET if wrong_secret else secret, timestamp),
        **(extra_headers or {}),
    }
    return SignedRequest(body, headers)


def response_url_for(base_url: str | None, response_url: str | None) -> str:
    return response_url or f"{base_url or _NOWHERE}/response/{next_id('R')}"


def user_object(user_id: str, team_id: str) -> JsonDict:
    name = user_id.lower()
    return {"id": user_id, "username": name, "name": name, "team_id": team_id}
