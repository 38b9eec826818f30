"""Socket Mode: apps.connections.open, the websocket, envelopes and their acks."""

from __future__ import annotations

import json

from aiohttp import WSMsgType, web

from paperclub_fakes.bounds import HANG
from paperclub_fakes.slack_fake.records import JsonDict, SlackAck
from paperclub_fakes.slack_fake.state import SlackState


class SocketMode(SlackState):
    """The Socket Mode websocket the app connects to."""

    async def wait_socket_connected(self, count: int = 1, timeout: float = HANG) -> None:  # noqa: ASYNC109
        """Wait until ``count`` websocket connections have been opened in total."""
        await self._wait(
            lambda: True if self.socket_connections >= count and self._sockets else None,
            timeout,
            f"socket connection #{count}",
        )

    async def socket_send(self, envelope: JsonDict, timeout: float = HANG) -> str:  # noqa: ASYNC109
        """Push an envelope to the newest Socket Mode connection; return its ``envelope_id``."""
        await self.wait_socket_connected(timeout=timeout)
        envelope = dict(envelope)
        envelope.setdefault("envelope_id", self._new_id("env-"))
        self.sent_envelopes.append(envelope)
        await self._sockets[-1].send_str(json.dumps(envelope))
        return str(envelope["envelope_id"])

    async def socket_request_disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the client to reconnect, as Slack does a few times an hour."""
        await self.wait_socket_connected()
        await self._sockets[-1].send_str(
            json.dumps({"type": "disconnect", "reason": reason, "debug_info": {"host": "fake"}})
        )

    async def wait_ack(self, envelope_id: str, timeout: float = HANG) -> SlackAck:  # noqa: ASYNC109
        return await self._wait(lambda: self.acks.get(envelope_id), timeout, f"ack {envelope_id}")

    async def _handle_socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        self.socket_connections += 1
        await ws.send_str(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": len(self._sockets),
                    "debug_info": {"host": "fake-applink", "approximate_connection_time": 18060},
                    "connection_info": {"app_id": self.app_id},
                }
            )
        )
        await self._notify()
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                data = json.loads(msg.data)
                if isinstance(data, dict) and "envelope_id" in data:
                    eid = str(data["envelope_id"])
                    self.acks[eid] = SlackAck(
                        envelope_id=eid, payload=data.get("payload"), raw=data
                    )
                    await self._notify()
        finally:
            self._sockets.remove(ws)
        return ws

    def _apps_connections_open(self, args: JsonDict) -> JsonDict:
        return {"ok": True, "url": self.socket_url}
