"""Builders for the requests Slack sends to an app: signed HTTP bodies and Socket Mode envelopes.

HTTP builders return a :class:`SignedRequest` ``(body, headers)`` ready to POST to Bolt's
``/slack/events``; ``*_payload`` functions return the parsed payload, and the ``*_envelope``
functions wrap the same payload the way Socket Mode delivers it. One module per kind of
request: `slash_commands`, `interactivity`, `events`, `envelopes`; `signing` signs them.
"""

from paperclub_fakes.slack_requests.envelopes import (
    EnvelopeType,
    block_action_envelope,
    event_envelope,
    slash_command_envelope,
    socket_envelope,
    view_submission_envelope,
)
from paperclub_fakes.slack_requests.events import (
    app_home_opened,
    app_home_opened_event,
    event_callback,
    event_callback_payload,
    url_verification,
)
from paperclub_fakes.slack_requests.interactivity import (
    block_action,
    block_action_payload,
    view_submission,
    view_submission_payload,
)
from paperclub_fakes.slack_requests.signing import (
    API_APP_ID,
    BOT_USER_ID,
    CHANNEL_ID,
    SIGNING_SECRET,
    STALE_SECONDS,
    TEAM_DOMAIN,
    TEAM_ID,
    USER_ID,
    WRONG_SECRET,
    JsonDict,
    SignedRequest,
    sign,
)
from paperclub_fakes.slack_requests.slash_commands import slash_command, slash_command_payload

__all__ = [
    "API_APP_ID",
    "BOT_USER_ID",
    "CHANNEL_ID",
    "SIGNING_SECRET",
    "STALE_SECONDS",
    "TEAM_DOMAIN",
    "TEAM_ID",
    "USER_ID",
    "WRONG_SECRET",
    "EnvelopeType",
    "JsonDict",
    "SignedRequest",
    "app_home_opened",
    "app_home_opened_event",
    "block_action",
    "block_action_envelope",
    "block_action_payload",
    "event_callback",
    "event_callback_payload",
    "event_envelope",
    "sign",
    "slash_command",
    "slash_command_envelope",
    "slash_command_payload",
    "socket_envelope",
    "url_verification",
    "view_submission",
    "view_submission_envelope",
    "view_submission_payload",
]
