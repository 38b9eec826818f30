"""The Events API as Slack sends it: event callbacks, app_home_opened, url_verification."""

from __future__ import annotations

import json
import time

from paperclub_fakes.slack_requests.signing import (
    API_APP_ID,
    BOT_USER_ID,
    SIGNING_SECRET,
    TEAM_ID,
    USER_ID,
    JsonDict,
    SignedRequest,
    next_id,
    signed,
)


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
        "event_id": event_id or next_id("Ev"),
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
    return signed(
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
    return signed(
        body, "application/json", secret=secret, wrong_secret=False, stale=False, timestamp=None
    )
