"""The Web API's front door: tokens, scopes, rate limits and injected failures, then the method."""

from __future__ import annotations

import copy

from aiohttp import web

from paperclub_fakes.slack_fake.records import JsonDict, Refused, SlackCall, read_args
from paperclub_fakes.slack_fake.scopes import BY_CHANNEL, CHANNEL_SCOPES, METHOD_SCOPE
from paperclub_fakes.slack_fake.state import SlackState


class WebApi(SlackState):
    """Answers /api/<method> as Slack does before a method runs."""

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await read_args(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None
        token = args.pop("token", None) or token
        call = SlackCall(
            method=method,
            args=args,
            http_method=request.method,
            path=request.path,
            headers=dict(request.headers),
            token=token,
        )
        headers: dict[str, str] = {}
        gate = self._holds.get(method)
        if gate is not None and not gate.is_set():
            self.waiting[method] = self.waiting.get(method, 0) + 1
            await self._notify()
            await gate.wait()

        if self._cuts.get(method, 0) > 0 and request.transport is not None:
            self._cuts[method] -= 1
            call.status = 0  # never answered
            await self._record(call)
            request.transport.abort()
            raise ConnectionResetError(f"the fake cut a call of {method}")

        limit = self._rate_limits.get(method)
        failure = self._failures.get(method)
        verbatim = self._verbatim.get(method)
        if method == "conversations.history" and self._history_rate_limited():
            call.status = 429
            call.response = {"ok": False, "error": "ratelimited"}
            headers["Retry-After"] = "60"
        elif limit and limit[0] > 0:
            limit[0] -= 1
            call.status = 429
            call.response = {"ok": False, "error": "ratelimited"}
            headers["Retry-After"] = str(limit[1])
        elif failure and failure[0] > 0:
            failure[0] -= 1
            call.response = {"ok": False, "error": failure[1]}
        elif verbatim and verbatim[0] > 0:
            verbatim[0] -= 1
            call.response = copy.deepcopy(verbatim[1])
        elif (
            self.valid_tokens is not None
            and token not in self.valid_tokens
            # Authenticated by the app's client id and secret (HTTP Basic), not a token.
            and method != "oauth.v2.access"
        ):
            call.response = {"ok": False, "error": "not_authed" if not token else "invalid_auth"}
        elif method == "apps.connections.open" and not (token or "").startswith("xapp-"):
            # Slack only opens sockets for app-level tokens; catches passing the bot token.
            call.response = {"ok": False, "error": "not_allowed_token_type"}
        elif method not in self._handlers:
            call.response = {"ok": False, "error": "unknown_method"}
        elif (needed := self._needed_scope(method, args)) is not None:
            call.response = {
                "ok": False,
                "error": "missing_scope",
                "needed": needed,
                "provided": ",".join(sorted(self.scopes)),
            }
        else:
            # Handlers are synchronous, so this is the token of the call being answered.
            self._token = token
            try:
                call.response = self._handlers[method](args)
            except Refused as refused:
                call.response = refused.answer

        await self._record(call)
        return web.json_response(call.response, status=call.status, headers=headers)

    def _history_rate_limited(self) -> bool:
        if self.history_per_minute is None:
            return False
        now = self.clock()
        recent = [t for t in self._history_calls if now - t < 60]
        if len(recent) >= self.history_per_minute:
            return True
        self._history_calls = [*recent, now]
        return False

    def _needed_scope(self, method: str, args: JsonDict) -> str | None:
        """The scope this call lacks, or None. App-level and OAuth calls carry no bot scope."""
        needed = METHOD_SCOPE.get(method)
        if method in CHANNEL_SCOPES:
            channel = self.channels.get(str(args.get("channel") or ""), {})
            kind = "D" if channel.get("is_im") else "G" if channel.get("is_private") else "C"
            needed = CHANNEL_SCOPES[method].format(kind=BY_CHANNEL[kind])
        return needed if needed is not None and needed not in self.scopes else None
