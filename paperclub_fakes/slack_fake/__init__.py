"""A fake Slack (Web API, response_url, file uploads, Socket Mode) served on 127.0.0.1.

It is meant to be driven by the *real* slack_sdk / slack-bolt clients: point
``AsyncWebClient(base_url=fake.api_url)`` at it and everything, including Socket Mode's
``apps.connections.open`` and the websocket, stays on the loopback interface.

One module per API family it fakes: `chat`, `conversations`, `users`, `views` (modals and App
Home), `files`, `oauth` (and auth.test), `response_urls`, `socket_mode`; `web_api` is what Slack
checks before any method runs (tokens, scopes, rate limits), `refusals` what it refuses in Block
Kit, `failures` what tests inject and `inspection` how they wait on the app. `fake` puts them
together as `FakeSlack`; the names tests use are importable from here.
"""

from paperclub_fakes.slack_fake.fake import FakeSlack
from paperclub_fakes.slack_fake.records import (
    FILE_UPLOAD,
    RESPONSE_URL,
    RESPONSE_URL_SECONDS,
    RESPONSE_URL_USES,
    JsonDict,
    MethodHandler,
    SlackAck,
    SlackCall,
)
from paperclub_fakes.slack_fake.scopes import (
    CHANNEL_SCOPES,
    MANIFEST,
    METHOD_SCOPE,
    manifest_scopes,
)
from paperclub_fakes.slack_fake.serving import serve_app

__all__ = [
    "CHANNEL_SCOPES",
    "FILE_UPLOAD",
    "MANIFEST",
    "METHOD_SCOPE",
    "RESPONSE_URL",
    "RESPONSE_URL_SECONDS",
    "RESPONSE_URL_USES",
    "FakeSlack",
    "JsonDict",
    "MethodHandler",
    "SlackAck",
    "SlackCall",
    "manifest_scopes",
    "serve_app",
]
