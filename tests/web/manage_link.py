"""Signing in to the management page as a test does it: /club manage in chat, the link's
Sign in button, and the session cookie sent back by hand (the test client is plain HTTP, where
a browser would not send a Secure cookie, and the cookie is scoped to /manage)."""

from __future__ import annotations

import re
from http.cookies import SimpleCookie

from aiohttp.test_utils import TestClient

from bot.bootstrap import Services
from bot.core.commands.context import Context
from bot.core.views import Notice
from tests.web.seed import ADMIN, say

Client = TestClient[object, object]
COOKIE = "paperclub_manage"


async def manage_link(services: Services, who: Context = ADMIN) -> str:
    """The path of the sign-in link /club manage gives `who`."""
    reply = await say(services, "/club manage", who)
    assert isinstance(reply, Notice), reply
    found = re.search(r"https?://[^/\s]+(/manage/sign-in/[A-Za-z0-9_-]+)", reply.text)
    assert found is not None, reply.text
    return found.group(1)


def session_cookie(set_cookie: str) -> str:
    cookie = SimpleCookie()
    cookie.load(set_cookie)
    return cookie[COOKIE].value


async def sign_in(http: Client, link: str) -> dict[str, str]:
    """Press Sign in on the link's page; the headers that carry the session from then on."""
    answer = await http.post(link, allow_redirects=False)
    assert answer.status == 303 and answer.headers["Location"] == "/manage"
    return {"Cookie": f"{COOKIE}={session_cookie(answer.headers['Set-Cookie'])}"}


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', html)
    assert found is not None
    return found.group(1)
