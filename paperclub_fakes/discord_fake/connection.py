"""One client's gateway websocket: sequence numbers on dispatches, one send at a time, and the
transport compression the client asked for in its URL (`?compress=zlib-stream`)."""

from __future__ import annotations

import asyncio
import zlib
from typing import Final

from aiohttp import web

from paperclub_fakes.discord_fake.objects import JSON, encode

# What Discord takes as `compress`: one zlib stream for the whole connection, each payload
# ending in a sync flush (00 00 ff ff), sent as binary frames. (Discord also offers
# zstd-stream, which discord.py asks for only with the zstandard package installed: the fake
# refuses it rather than answer in a form the client did not ask for.)
ZLIB_STREAM: Final = "zlib-stream"
COMPRESSIONS: Final = frozenset({ZLIB_STREAM})


class GatewayConnection:
    def __init__(self, ws: web.WebSocketResponse, compress: str | None = None) -> None:
        self.ws = ws
        self.seq = 0
        self.identified = False
        self.intents = 0
        self._lock = asyncio.Lock()
        # One compression context for the life of the connection, as Discord keeps one: each
        # payload refers back to the ones before, so the client must inflate them in order.
        self._zlib = zlib.compressobj() if compress == ZLIB_STREAM else None

    @property
    def compressed(self) -> bool:
        return self._zlib is not None

    async def send(self, payload: JSON) -> None:
        async with self._lock:
            if payload.get("op") == 0:
                self.seq += 1
                payload = {**payload, "s": self.seq}
            if self.ws.closed:
                return
            data = encode(payload)
            if self._zlib is None:
                await self.ws.send_str(data.decode())
            else:
                # Compressed under the lock too: the stream's order is the frames' order.
                frame = self._zlib.compress(data) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
                await self.ws.send_bytes(frame)
