"""Slash commands as Slack sends them to an app."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from paperclub_fakes.slack_requests.signing import (
    API_APP_ID,
    CHANNEL_ID,
    SIGNING_SECRET,
    TEAM_DOMAIN,
    TEAM_ID,
    USER_ID,
    SignedRequest,
    next_id,
    response_url_for,
    signed,
)


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
        "response_url": response_url_for(base_url, response_url),
        "trigger_id": trigger_id or next_id("trig."),
    }


def slash_command(
    command: str = "/paperclub",
    text: str = "",
    *,
    secret: str = SIGNING_SECRET,
    wrong_secret: bool = False,
    stale: bool = False,
    timestamp: int | None = None,
    **fields: Any,
) -> SignedRequest:
    """A signed, form-encoded slash command as Slack POSTs it; `fields` are the keyword
    arguments of :func:`slash_command_payload`."""
    return signed(
        urlencode(slash_command_payload(command, text, **fields)).encode(),
        "application/x-www-form-urlencoded",
        secret=secret,
        wrong_secret=wrong_secret,
        stale=stale,
        timestamp=timestamp,
    )
