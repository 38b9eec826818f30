"""Socket Mode envelopes: the same payloads as Socket Mode delivers them."""

from __future__ import annotations

from typing import Any, Literal

from paperclub_fakes.slack_requests.events import event_callback_payload
from paperclub_fakes.slack_requests.interactivity import (
    block_action_payload,
    view_submission_payload,
)
from paperclub_fakes.slack_requests.signing import JsonDict, next_id
from paperclub_fakes.slack_requests.slash_commands import slash_command_payload

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
        "envelope_id": envelope_id or next_id("env-"),
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
