"""response_url: the address an interaction's answer is posted to, five times in 30 minutes."""

from __future__ import annotations

from aiohttp import web

from paperclub_fakes.slack_fake.records import (
    RESPONSE_URL,
    RESPONSE_URL_SECONDS,
    RESPONSE_URL_USES,
    SlackCall,
)
from paperclub_fakes.slack_fake.state import SlackState


class ResponseUrls(SlackState):
    """Posting to an interaction's response_url."""

    def new_response_url(self, response_id: str | None = None) -> str:
        return f"{self.base_url}/response/{response_id or self._new_id('R')}"

    async def _handle_response_url(self, request: web.Request) -> web.Response:
        body = await request.json() if request.can_read_body else {}
        response_id = request.match_info["response_id"]
        # Slack takes five posts to one response_url, within 30 minutes of the interaction
        # (its docs on handling interactions); past that the post is refused, not shown.
        uses = self.response_url_uses.setdefault(response_id, [])
        first = uses[0] if uses else self.clock()
        refused = len(uses) >= RESPONSE_URL_USES or self.clock() - first > RESPONSE_URL_SECONDS
        call = SlackCall(
            method=RESPONSE_URL,
            args={**body, "response_id": response_id},
            http_method=request.method,
            path=request.path,
            headers=dict(request.headers),
            token=None,
            response={"ok": False, "error": "used_url"} if refused else {"ok": True},
            status=404 if refused else 200,
        )
        if not refused:
            uses.append(self.clock())
        await self._record(call)
        return web.json_response(call.response, status=call.status)
