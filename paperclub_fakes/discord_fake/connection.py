"""One client's gateway websocket: sequence numbers on dispatches, one send at a time."""

from __future__ import annotations

import asyncio
import json

from aiohttp import web

from paperclub_fakes.discord_fake.objects import JSON


class GatewayConnection:
    def __init__(self, ws: web.WebSocketResponse) -> None:
        self.ws = ws
        self.seq = 0
        self.identified = False
        self.intents = 0
        self._lock = asyncio.Lock()

    async def send(self, payload: JSON) -> None:
        async with self._lock:
            if payload.get("op") == 0:
                self.seq += 1
                payload = {**payload, "s": self.seq}
            if not self.ws.closed:
                await self.ws.send_str(json.dumps(payload))
