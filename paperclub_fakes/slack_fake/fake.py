"""A fake Slack (Web API, response_url, file uploads, Socket Mode) served on 127.0.0.1.

It is meant to be driven by the *real* slack_sdk / slack-bolt clients: point
``AsyncWebClient(base_url=fake.api_url)`` at it and everything, including Socket Mode's
``apps.connections.open`` and the websocket, stays on the loopback interface.
"""

from __future__ import annotations

import asyncio

from aiohttp import web
from aiohttp.typedefs import Handler

from paperclub_fakes.slack_fake.chat import Chat
from paperclub_fakes.slack_fake.conversations import Conversations
from paperclub_fakes.slack_fake.failures import FailureInjection
from paperclub_fakes.slack_fake.files import Files
from paperclub_fakes.slack_fake.inspection import Inspection
from paperclub_fakes.slack_fake.oauth import OAuth
from paperclub_fakes.slack_fake.records import MethodHandler
from paperclub_fakes.slack_fake.response_urls import ResponseUrls
from paperclub_fakes.slack_fake.serving import bind_localhost
from paperclub_fakes.slack_fake.socket_mode import SocketMode
from paperclub_fakes.slack_fake.users import Users
from paperclub_fakes.slack_fake.views import Views
from paperclub_fakes.slack_fake.web_api import WebApi


class FakeSlack(
    Files,
    Chat,
    Conversations,
    OAuth,
    ResponseUrls,
    SocketMode,
    Users,
    Views,
    WebApi,
    Inspection,
    FailureInjection,
):
    """Fake Slack Web API + Socket Mode server. Use as ``async with FakeSlack() as fake:``."""

    def _method_table(self) -> dict[str, MethodHandler]:
        return {
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
            "conversations.info": self._conversations_info,
            "conversations.open": self._conversations_open,
            "users.info": self._users_info,
            "views.open": self._views_open,
            "views.push": self._views_open,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
            "apps.connections.open": self._apps_connections_open,
            "oauth.v2.access": self._oauth_v2_access,
        }

    async def start(self) -> None:
        self._cond = asyncio.Condition()
        app = web.Application(middlewares=[self._count_connection])
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/response/{response_id}", self._handle_response_url)
        app.router.add_post("/upload/{file_id}", self._handle_upload)
        app.router.add_get("/socket", self._handle_socket)
        app.router.add_get("/private/{file_id}/{name}", self._handle_private_file)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = bind_localhost()
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    @web.middleware
    async def _count_connection(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        # A client's TCP connection is its address and port: a new one per connect.
        if request.transport is not None:
            self.connections.add(request.transport.get_extra_info("peername"))
        return await handler(request)
