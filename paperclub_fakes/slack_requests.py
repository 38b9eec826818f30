"""Builders for the requests Slack sends to an app: signed HTTP bodies and Socket Mode envelopes.

HTTP builders return a :class:`SignedRequest` ``(body, headers)`` ready to POST to Bolt's
``/slack/events``; ``*_payload`` functions return the parsed payload, and the ``*_envelope``
functions wrap the same payload the way Socket Mode delivers it.
"""

from __future__ import annotations

import itertools
import json
import time
from typing import Any, Literal, NamedTuple
from urllib.parse import urlencode

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


def _next(prefix: str) -> str:
    return f"{prefix}{next(_seq):08d}"


def sign(body: bytes, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """The two signature headers Slack adds to every request."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    assert signature is not None
    return {"x-slack-request-timestamp": ts, "x-slack-signature": signature}


def _signed(
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


def _response_url(base_url: str | None, response_url: str | None) -> str:
    return response_url or f"{base_url or _NOWHERE}/response/{_next('R')}"


def _user(user_id: str, team_id: str) -> JsonDict:
    name = user_id.lower()
    return {"id": user_id, "username": name, "name": name, "team_id": team_id}


# ---------------------------------------------------------------------- slash commands


def slash_command_payload(
    command: str = "/paperclub",
    text: str = "",
    *,
    user_id: str = USER_ID,
    user_name: str | None = None,
    team_id: str = TEAM_ID,
    channel_id: str = CHANNEL_ID,
    channel_name: str = "paper-club",
    trigger_id: str | None = None,
    base_url: str | None = None,
    response_url: str | None = None,
) -> dict[str, str]:
    return {
        "token": "deprecated-verification-token",
        "team_id": team_id,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name or user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": API_APP_ID,
        "is_enterprise_install": "false",
        "response_url": _response_url(base_url, response_url),
        "trigger_id": trigger_id or _next("trig."),
    }


def slash_command(
    command: str = "/paperclub",
    text: str = "",
    *,
    user_id: str = USER_ID,
    user_name: str | None = None,
    team_id: str = TEAM_ID,
    channel_id: str = CHANNEL_ID,
    channel_name: str = "paper-club",
    trigger_id: str | None = None,
    base_url: str | None = None,
    response_url: str | None = None,
    secret: str = SIGNING_SECRET,
    wrong_secret: bool = False,
    stale: bool = False,
    timestamp: int | None = None,
) -> SignedRequest:
    """A signed, form-encoded slash command as Slack POSTs it."""
    payload = slash_command_payload(
        command,
        text,
        user_id=user_id,
        user_name=user_name,
        team_id=team_id,
        channel_id=channel_id,
        channel_name=channel_name,
        trigger_id=trigger_id,
        base_url=base_url,
        response_url=response_url,
    )
    return _signed(
        urlencode(payload).encode(),
        "application/x-www-form-urlencoded",
        secret=secret,
        wrong_secret=wrong_secret,
        stale=stale,
        timestamp=timestamp,
    )


# ---------------------------------------------------------------------- interactivity


def block_action_payload(
    action_id: str,
    value: str = "",
    *,
    block_id: str = "actions",
    action_type: str = "button",
    user: str = USER_ID,
    team_id: str = TEAM_ID,
    channel: str = CHANNEL_ID,
    message: JsonDict | None = None,
    trigger_id: str | None = None,
    base_url: str | None = None,
    response_url: str | None = None,
) -> JsonDict:
    """A ``block_actions`` payload; ``static_select`` puts ``value`` in ``selected_option``."""
    action: JsonDict = {
        "type": action_type,
        "action_id": action_id,
        "block_id": block_id,
        "action_ts": f"{time.time():.6f}",
    }
    if action_type == "static_select":
        action["selected_option"] = {
            "text": {"type": "plain_text", "text": value},
            "value": value,
        }
    else:
        action["value"] = value
        action["text"] = {"type": "plain_text", "text": value or action_id}
    message = message or {
        "type": "message",
        "ts": f"{int(time.time())}.000100",
        "user": BOT_USER_ID,
        "text": "",
        "blocks": [],
    }
    return {
        "type": "block_actions",
        "user": _user(user, team_id),
        "api_app_id": API_APP_ID,
        "token": "deprecated-verification-token",
        "container": {
            "type": "message",
            "message_ts": message.get("ts"),
            "channel_id": channel,
            "is_ephemeral": False,
        },
        "trigger_id": trigger_id or _next("trig."),
        "team": {"id": team_id, "domain": TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": "paper-club"},
        "message": message,
        "state": {"values": {}},
        "response_url": _response_url(base_url, response_url),
        "actions": [action],
    }


def _expand_state(state_values: dict[str, dict[str, Any]]) -> JsonDict:
    # Lets tests write {"block": {"action": "text"}} for the common plain-text-input case.
    return {
        block_id: {
            action_id: (
                value if isinstance(value, dict) else {"type": "plain_text_input", "value": value}
            )
            for action_id, value in actions.items()
        }
        for block_id, actions in state_values.items()
    }


def view_submission_payload(
    callback_id: str,
    state_values: dict[str, dict[str, Any]] | None = None,
    *,
    private_metadata: str = "",
    user: str = USER_ID,
    team_id: str = TEAM_ID,
    view_id: str | None = None,
    trigger_id: str | None = None,
) -> JsonDict:
    """A ``view_submission`` payload. ``state_values`` maps block_id → action_id → value,
    where a plain string means a ``plain_text_input`` and a dict is used as given."""
    return {
        "type": "view_submission",
        "team": {"id": team_id, "domain": TEAM_DOMAIN},
        "user": _user(user, team_id),
        "api_app_id": API_APP_ID,
        "token": "deprecated-verification-token",
        "trigger_id": trigger_id or _next("trig."),
        "view": {
            "id": view_id or _next("V"),
            "team_id": team_id,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "blocks": [],
            "state": {"values": _expand_state(state_values or {})},
            "hash": _next("h."),
            "title": {"type": "plain_text", "text": "Paper club"},
            "previous_view_id": None,
            "root_view_id": view_id,
            "app_id": API_APP_ID,
            "external_id": "",
            "bot_id": "B0BOT0001",
        },
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


_SIGNING = frozenset({"secret", "wrong_secret", "stale", "timestamp"})


def _interactive(payload: JsonDict, signing: dict[str, Any]) -> SignedRequest:
    """``payload`` signed as Slack sends it, ``payload=<json>``; ``signing`` holds
    :func:`_signed`'s options (a wrong or stale signature, a given timestamp)."""
    body = urlencode({"payload": json.dumps(payload)}).encode()
    defaults: dict[str, Any] = {
        "secret": SIGNING_SECRET,
        "wrong_secret": False,
        "stale": False,
        "timestamp": None,
    }
    return _signed(body, "application/x-www-form-urlencoded", **(defaults | signing))


def _split(kwargs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the payload's fields, the signing options) of an interactive request's arguments."""
    fields = {k: v for k, v in kwargs.items() if k not in _SIGNING}
    return fields, {k: v for k, v in kwargs.items() if k in _SIGNING}


def block_action(action_id: str, value: str = "", **kwargs: Any) -> SignedRequest:
    """A signed block action (button click or select): :func:`block_action_payload`'s
    arguments, and ``secret``, ``wrong_secret``, ``stale``, ``timestamp`` for the signature."""
    fields, signing = _split(kwargs)
    return _interactive(block_action_payload(action_id, value, **fields), signing)


def view_submission(
    callback_id: str, state_values: dict[str, dict[str, Any]] | None = None, **kwargs: Any
) -> SignedRequest:
    """A signed modal submission: :func:`view_submission_payload`'s arguments, and the
    signature's as for :func:`block_action`."""
    fields, signing = _split(kwargs)
    return _interactive(view_submission_payload(callback_id, state_values, **fields), signing)


# ---------------------------------------------------------------------- Events API


def event_callback_payload(
    event: JsonDict,
    *,
    event_id: str | None = None,
    team_id: str = TEAM_ID,
    bot_user_id: str = BOT_USER_ID,
) -> JsonDict:
    return {
        "token": "deprecated-verification-token",
        "team_id": team_id,
        "api_app_id": API_APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or _next("Ev"),
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }


def app_home_opened_event(user: str = USER_ID, *, channel: str = "D0HOME001") -> JsonDict:
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": channel,
        "tab": "home",
        "event_ts": f"{time.time():.6f}",
    }


def event_callback(
    event: JsonDict,
    *,
    event_id: str | None = None,
    retry_num: int | None = None,
    retry_reason: str = "http_timeout",
    team_id: str = TEAM_ID,
    secret: str = SIGNING_SECRET,
    wrong_secret: bool = False,
    stale: bool = False,
    timestamp: int | None = None,
) -> SignedRequest:
    """A signed JSON Events API delivery; ``retry_num`` adds Slack's retry headers."""
    payload = event_callback_payload(event, event_id=event_id, team_id=team_id)
    extra: dict[str, str] = {}
    if retry_num is not None:
        extra = {"x-slack-retry-num": str(retry_num), "x-slack-retry-reason": retry_reason}
    return _signed(
        json.dumps(payload).encode(),
        "application/json",
        secret=secret,
        wrong_secret=wrong_secret,
        stale=stale,
        timestamp=timestamp,
        extra_headers=extra,
    )


def app_home_opened(
    user: str = USER_ID,
    *,
    event_id: str | None = None,
    secret: str = SIGNING_SECRET,
    wrong_secret: bool = False,
    stale: bool = False,
) -> SignedRequest:
    return event_callback(
        app_home_opened_event(user),
        event_id=event_id,
        secret=secret,
        wrong_secret=wrong_secret,
        stale=stale,
    )


def url_verification(
    challenge: str = "challenge-token", *, secret: str = SIGNING_SECRET
) -> SignedRequest:
    body = json.dumps(
        {
            "token": "deprecated-verification-token",
            "challenge": challenge,
            "type": "url_verification",
        }
    ).encode()
    return _signed(
        body, "application/json", secret=secret, wrong_secret=False, stale=False, timestamp=None
    )


# ---------------------------------------------------------------------- Socket Mode

EnvelopeType = Literal["slash_commands", "interactive", "events_api"]


def socket_envelope(
    envelope_type: EnvelopeType,
    payload: JsonDict,
    *,
    envelope_id: str | None = None,
    accepts_response_payload: bool | None = None,
    retry_attempt: int | None = None,
    retry_reason: str | None = None,
) -> JsonDict:
    """Wrap a payload as Socket Mode delivers it (the payload is a dict, never form-encoded)."""
    if accepts_response_payload is None:
        # Slack lets the ack carry a response only where an HTTP response body would matter.
        accepts_response_payload = envelope_type == "slash_commands" or (
            envelope_type == "interactive"
            and payload.get("type") in ("view_submission", "block_suggestion")
        )
    envelope: JsonDict = {
        "envelope_id": envelope_id or _next("env-"),
        "type": envelope_type,
        "payload": payload,
        "accepts_response_payload": accepts_response_payload,
    }
    if envelope_type == "events_api":
        envelope["retry_attempt"] = retry_attempt or 0
        envelope["retry_reason"] = retry_reason or ""
    return envelope


def slash_command_envelope(command: str = "/paperclub", text: str = "", **kwargs: Any) -> JsonDict:
    """Same arguments as :func:`slash_command_payload`."""
    return socket_envelope("slash_commands", slash_command_payload(command, text, **kwargs))


def block_action_envelope(action_id: str, value: str = "", **kwargs: Any) -> JsonDict:
    """Same arguments as :func:`block_action_payload`."""
    return socket_envelope("interactive", block_action_payload(action_id, value, **kwargs))


def view_submission_envelope(
    callback_id: str, state_values: dict[str, dict[str, Any]] | None = None, **kwargs: Any
) -> JsonDict:
    """Same arguments as :func:`view_submission_payload`."""
    return socket_envelope(
        "interactive", view_submission_payload(callback_id, state_values, **kwargs)
    )


def event_envelope(
    event: JsonDict,
    *,
    event_id: str | None = None,
    retry_attempt: int | None = None,
    retry_reason: str | None = None,
) -> JsonDict:
    return socket_envelope(
        "events_api",
        event_callback_payload(event, event_id=event_id),
        retry_attempt=retry_attempt,
        retry_reason=retry_reason,
    )
