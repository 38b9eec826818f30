"""REST: threads and forum posts."""

from __future__ import annotations

import re

from paperclub_fakes import discord_rules
from paperclub_fakes.discord_fake.errors import DiscordHTTPError, invalid_form, not_found, refuse
from paperclub_fakes.discord_fake.messages import Messages
from paperclub_fakes.discord_fake.objects import BOT_USER_ID, INTENT_GUILDS, JSON, iso, snowflake
from paperclub_fakes.discord_fake.recording import Incoming


class Threads(Messages):
    """Threads started in a channel, from a message, or as a forum post."""

    def _new_thread(self, parent: JSON, body: JSON, thread_id: int | None = None) -> JSON:
        tid = thread_id or snowflake()
        now = iso(self.now())
        type_ = int(body.get("type") or 11)
        thread: JSON = {
            "id": str(tid),
            "guild_id": parent["guild_id"],
            "parent_id": parent["id"],
            "owner_id": str(BOT_USER_ID),
            "name": body["name"],
            "type": type_,
            "last_message_id": None,
            "message_count": 0,
            "total_message_sent": 0,
            "member_count": 1,
            "rate_limit_per_user": int(body.get("rate_limit_per_user") or 0),
            "flags": 0,
            "applied_tags": body.get("applied_tags") or [],
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": int(body.get("auto_archive_duration") or 4320),
                "archive_timestamp": now,
                "locked": False,
                "create_timestamp": now,
                **({"invitable": bool(body.get("invitable", True))} if type_ == 12 else {}),
            },
            "member": {
                "id": str(tid),
                "user_id": str(BOT_USER_ID),
                "join_timestamp": now,
                "flags": 1,
            },
        }
        self.channels[tid] = thread
        self.threads.append(thread)
        self._echo("THREAD_CREATE", {**thread, "newly_created": True}, INTENT_GUILDS)
        return thread

    async def _create_thread(self, req: Incoming, m: re.Match[str]) -> JSON:
        parent = self._channel(m.group(1))
        body = req.json or {}
        _check_name(body)
        if parent["type"] in (15, 16):
            if not body.get("message"):
                raise invalid_form("message", "This field is required")
            thread = self._new_thread(parent, {**body, "type": 11})
            # A forum post's starter message has the thread's id.
            starter = self._new_message(
                int(thread["id"]), body["message"], req.files, guild_id=parent["guild_id"]
            )
            self.messages.pop(int(starter["id"]))
            starter["id"] = thread["id"]
            self.messages[int(thread["id"])] = starter
            thread["message_count"] = thread["total_message_sent"] = 1
            self._echo_message_create(starter)
            return {**thread, "message": starter}
        if parent["type"] not in (0, 5):
            raise DiscordHTTPError(400, 50024, "Cannot execute action on this channel type")
        return self._new_thread(parent, body)

    async def _create_thread_from_message(self, req: Incoming, m: re.Match[str]) -> JSON:
        parent = self._channel(m.group(1))
        self._bot_may(parent.get("guild_id"), "create_public_threads")
        mid = int(m.group(2))
        msg = self.messages.get(mid)
        if msg is None or msg["channel_id"] != m.group(1):
            raise not_found(10008, "Message")
        if int(mid) in self.channels:
            raise DiscordHTTPError(
                400, 160004, "A thread has already been created for this message"
            )
        body = req.json or {}
        _check_name(body)
        # A thread started from a message takes the message's id.
        thread = self._new_thread(parent, {**body, "type": 11}, thread_id=mid)
        msg["thread"] = thread
        return thread


def _check_name(body: JSON) -> None:
    """400 50035 for a new thread without a name, or with one Discord refuses."""
    if not body.get("name"):
        raise invalid_form("name", "This field is required")
    refuse(discord_rules.thread_name_problems(body["name"]))
