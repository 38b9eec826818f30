"""The fake Discord's gateway: the websocket session and the events tests dispatch on it."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime
from typing import Any

import orjson
from aiohttp import WSMsgType, web

from paperclub_fakes.discord_fake.connection import COMPRESSIONS, GatewayConnection
from paperclub_fakes.discord_fake.objects import (
    BOT_USER_ID,
    INTENT_GUILD_MEMBERS,
    JSON,
    MEMBER_ID,
    THREAD_TYPES,
    iso,
    member,
    user,
)
from paperclub_fakes.discord_fake.state import DiscordState


class Gateway(DiscordState):
    """The gateway websocket: HELLO, IDENTIFY/READY, GUILD_CREATE, member chunks, dispatches."""

    async def dispatch(self, event: str, data: JSON) -> None:
        """Send a DISPATCH (op 0) event to every identified client connection."""
        conns = [c for c in self._connections if c.identified]
        if not conns:
            raise RuntimeError("no identified gateway connection; await fake.wait_ready() first")
        if event == "MESSAGE_CREATE":
            self.messages.setdefault(int(data["id"]), data)
        for conn in conns:
            await conn.send({"op": 0, "t": event, "d": data})

    async def send_interaction(self, payload: JSON) -> JSON:
        """Dispatch INTERACTION_CREATE; starts the interaction's 3-second response clock."""
        iid = int(payload["id"])
        self._interactions[iid] = payload
        self._interaction_by_token[payload["token"]] = iid
        self._interaction_sent_at[iid] = time.monotonic()
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        compress = request.query.get("compress")
        if compress is not None and compress not in COMPRESSIONS:
            raise web.HTTPBadRequest(text=f"fake gateway: unsupported compress={compress!r}")
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        conn = GatewayConnection(ws, compress)
        self._connections.append(conn)
        try:
            await conn.send({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
            async for msg in ws:
                if msg.type in (WSMsgType.TEXT, WSMsgType.BINARY):
                    payload = orjson.loads(msg.data)
                else:
                    break
                await self._on_gateway_payload(conn, payload)
        finally:
            self._connections.remove(conn)
        return ws

    async def _on_gateway_payload(self, conn: GatewayConnection, payload: JSON) -> None:
        op = payload.get("op")
        d: Any = payload.get("d")
        self.gateway_received.append(payload)
        self._bump()
        if op == 1:
            await conn.send({"op": 11})
        elif op == 2:
            if d.get("token") != self.token:
                await conn.ws.close(code=4004, message=b"Authentication failed.")
                return
            self.identify = d
            conn.intents = int(d.get("intents", 0))
            conn.identified = True
            await conn.send({"op": 0, "t": "READY", "d": self._ready_payload(d)})
            for gid in self.guilds:
                await conn.send(
                    {
                        "op": 0,
                        "t": "GUILD_CREATE",
                        "d": self._guild_create_payload(gid, conn.intents),
                    }
                )
            self._ready.set()
        elif op == 6:
            conn.identified = True
            await conn.send({"op": 0, "t": "RESUMED", "d": {}})
        elif op == 8:
            await self._send_member_chunk(conn, d)

    def _ready_payload(self, identify: JSON) -> JSON:
        ready: JSON = {
            "v": 10,
            "user": {**self.bot_user, "verified": True, "mfa_enabled": False, "email": None},
            "guilds": [{"id": str(gid), "unavailable": True} for gid in self.guilds],
            "session_id": secrets.token_hex(16),
            "resume_gateway_url": self.gateway_url,
            "session_type": "normal",
            "application": {"id": str(self.app_id), "flags": self.application["flags"]},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["rotterdam"],
            "user_settings": {},
            "auth": {},
            "_trace": ['["fake-gateway",{"micros":0}]'],
        }
        if "shard" in identify:
            ready["shard"] = identify["shard"]
        return ready

    def _guild_create_payload(self, guild_id: int, intents: int) -> JSON:
        gid = str(guild_id)
        channels, threads = [], []
        for ch in self.channels.values():
            if ch.get("guild_id") != gid:
                continue
            if ch["type"] in THREAD_TYPES:
                if not ch["thread_metadata"]["archived"]:
                    threads.append(ch)
            else:
                channels.append({k: v for k, v in ch.items() if k != "guild_id"})
        members = list(self.members[guild_id].values())
        member_count = len(members)
        if not intents & INTENT_GUILD_MEMBERS:
            # Without the privileged members intent Discord sends only the bot's own member.
            members = [m for m in members if m["user"]["id"] == str(BOT_USER_ID)]
        events = [e for e in self.scheduled_events.values() if e["guild_id"] == gid]
        return {
            **self.guilds[guild_id],
            "joined_at": iso(datetime(2024, 1, 1, tzinfo=UTC)),
            "large": False,
            "unavailable": False,
            # Equal to len(members) when the intent is on, so discord.py does not chunk.
            "member_count": member_count,
            "members": members,
            "channels": channels,
            "threads": threads,
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": events,
            "soundboard_sounds": [],
            "embedded_activities": [],
            "lazy": True,
        }

    async def _send_member_chunk(self, conn: GatewayConnection, d: JSON) -> None:
        guild_ids = d["guild_id"] if isinstance(d["guild_id"], list) else [d["guild_id"]]
        for raw_gid in guild_ids:
            gid = int(raw_gid)
            found = list(self.members.get(gid, {}).values())
            wanted = d.get("user_ids")
            if wanted is not None:
                ids = {str(u) for u in (wanted if isinstance(wanted, list) else [wanted])}
                found = [m for m in found if m["user"]["id"] in ids]
            elif d.get("query"):
                q = d["query"].lower()
                found = [m for m in found if m["user"]["username"].lower().startswith(q)]
            chunk: JSON = {
                "guild_id": str(gid),
                "members": found,
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": [],
            }
            if d.get("nonce") is not None:
                chunk["nonce"] = d["nonce"]
            await conn.send({"op": 0, "t": "GUILD_MEMBERS_CHUNK", "d": chunk})

    def poll_vote(
        self,
        message_id: int,
        answer_id: int,
        *,
        user_id: int = MEMBER_ID,
        channel_id: int | None = None,
    ) -> JSON:
        """Data for MESSAGE_POLL_VOTE_ADD / MESSAGE_POLL_VOTE_REMOVE."""
        msg = self.messages.get(message_id)
        cid = channel_id or (int(msg["channel_id"]) if msg else self.text_channel_id)
        data: JSON = {
            "user_id": str(user_id),
            "channel_id": str(cid),
            "message_id": str(message_id),
            "answer_id": answer_id,
        }
        gid = self.channels.get(cid, {}).get("guild_id")
        if gid is not None:
            data["guild_id"] = gid
        return data

    def scheduled_event_user(self, event_id: int, *, user_id: int = MEMBER_ID) -> JSON:
        """Data for GUILD_SCHEDULED_EVENT_USER_ADD / _REMOVE."""
        ev = self.scheduled_events.get(event_id)
        gid = ev["guild_id"] if ev else str(self.guild_id)
        return {"guild_scheduled_event_id": str(event_id), "user_id": str(user_id), "guild_id": gid}

    def voice_state(
        self,
        channel_id: int | None,
        *,
        user_id: int = MEMBER_ID,
        guild_id: int | None = None,
        self_mute: bool = False,
        self_deaf: bool = False,
    ) -> JSON:
        """Data for VOICE_STATE_UPDATE: ``channel_id`` None means the user left voice."""
        gid = guild_id or self.guild_id
        m = self.members[gid].get(user_id) or member(user(user_id, f"user{user_id}"))
        return {
            "guild_id": str(gid),
            "channel_id": str(channel_id) if channel_id is not None else None,
            "user_id": str(user_id),
            "member": m,
            "session_id": secrets.token_hex(16),
            "deaf": False,
            "mute": False,
            "self_deaf": self_deaf,
            "self_mute": self_mute,
            "self_stream": False,
            "self_video": False,
            "suppress": False,
            "request_to_speak_timestamp": None,
        }
