"""Interactivity as Slack sends it: block actions (buttons, selects) and modal submissions."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from paperclub_fakes.slack_requests.signing import (
    API_APP_ID,
    BOT_USER_ID,
    CHANNEL_ID,
    SIGNING_SECRET,
    TEAM_DOMAIN,
    TEAM_ID,
    USER_ID,
    JsonDict,
    SignedRequest,
    next_id,
    response_url_for,
    signed,
    user_object,
)


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
        "user": user_object(user, team_id),
        "api_app_id": API_APP_ID,
        "token": "deprecated-verification-token",
        "container": {
            "type": "message",
            "message_ts": message.get("ts"),
            "channel_id": channel,
            "is_ephemeral": False,
        },
        "trigger_id": trigger_id or next_id("trig."),
        "team": {"id": team_id, "domain": TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": "paper-club"},
        "message": message,
        "state": {"values": {}},
        "response_url": response_url_for(base_url, response_url),
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
        "user": user_object(user, team_id),
        "api_app_id": API_APP_ID,
        "token": "deprecated-verification-token",
        "trigger_id": trigger_id or next_id("trig."),
        "view": {
            "id": view_id or next_id("V"),
            "team_id": team_id,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "blocks": [],
            "state": {"values": _expand_state(state_values or {})},
            "hash": next_id("h."),
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
    :func:`signed`'s options (a wrong or stale signature, a given timestamp)."""
    body = urlencode({"payload": json.dumps(payload)}).encode()
    defaults: dict[str, Any] = {
        "secret": SIGNING_SECRET,
        "wrong_secret": False,
        "stale": False,
        "timestamp": None,
    }
    return signed(body, "application/x-www-form-urlencoded", **(defaults | signing))


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
