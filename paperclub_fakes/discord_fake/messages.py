"""REST: channels and their messages (create, history, edit, delete, react, end a poll)."""

from __future__ import annotations

import re
from datetime import datetime

from paperclub_fakes.discord_fake.errors import DiscordHTTPError, not_found
from paperclub_fakes.discord_fake.message_limits import check_message_limits, poll_object
from paperclub_fakes.discord_fake.objects import (
    BOT_USER_ID,
    FLAG_EPHEMERAL,
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MESSAGES,
    INTENT_GUILDS,
    JSON,
    MEMBER_USER,
    THREAD_TYPES,
    iso,
    snowflake,
)
from paperclub_fakes.discord_fake.recording import Incoming, RecordedFile
from paperclub_fakes.discord_fake.users import Users


class Messages(Users):
    """Channels, messages, reactions and polls."""

    async def _get_channel(self, req: Incoming, m: re.Match[str]) -> JSON:
        return self._channel(m.group(1))

    async def _edit_channel(self, req: Incoming, m: re.Match[str]) -> JSON:
        ch = self._channel(m.group(1))
        body = dict(req.json or {})
        meta_keys = {"archived", "auto_archive_duration", "locked", "invitable"}
        if ch["type"] in THREAD_TYPES:
            for k in meta_keys & body.keys():
                ch["thread_metadata"][k] = body.pop(k)
        ch.update(body)
        event = "THREAD_UPDATE" if ch["type"] in THREAD_TYPES else "CHANNEL_UPDATE"
        self._echo(event, ch, INTENT_GUILDS)
        return ch

    async def _typing(self, req: Incoming, m: re.Match[str]) -> None:
        self._channel(m.group(1))

    async def _create_message(self, req: Incoming, m: re.Match[str]) -> JSON:
        cid = int(m.group(1))
        ch = self._channel(cid)
        body = req.json or {}
        if ch.get("type") == 1:
            self._may_dm(ch)
        thread = ch.get("type") in THREAD_TYPES
        needed = ["view_channel", "send_messages_in_threads" if thread else "send_messages"]
        needed += ["attach_files"] if req.files else []
        needed += ["send_polls"] if body.get("poll") else []
        self._bot_may(ch.get("guild_id"), *needed)
        check_message_limits(body)
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            seen = self._nonces.get((cid, str(nonce)))
            if seen is not None and seen in self.messages:
                # Discord answers a repeated enforced nonce with the message it already created.
                return self.messages[seen]
        if (
            not any(body.get(k) for k in ("content", "embeds", "poll", "sticker_ids", "components"))
            and not req.files
        ):
            raise DiscordHTTPError(400, 50006, "Cannot send an empty message")
        msg = self._new_message(cid, body, req.files, guild_id=ch.get("guild_id"))
        if nonce is not None:
            self._nonces[(cid, str(nonce))] = int(msg["id"])
        self._echo_message_create(msg)
        return msg

    async def _channel_history(self, req: Incoming, m: re.Match[str]) -> list[JSON]:
        """Newest first, as Discord pages history; ``before``/``after``/``limit`` honoured.

        Discord does not return a message's nonce here, so neither does the fake."""
        self._channel(m.group(1))
        found = sorted(
            (msg for msg in self.messages.values() if msg["channel_id"] == m.group(1)),
            key=lambda msg: int(msg["id"]),
            reverse=True,
        )
        if "before" in req.query:
            found = [msg for msg in found if int(msg["id"]) < int(req.query["before"])]
        limit = int(req.query.get("limit", 50))
        if "after" in req.query and "before" not in req.query:
            # Discord answers `after` with the `limit` messages right after it (still newest
            # first), which is how discord.py pages forward from a moment.
            found = [msg for msg in found if int(msg["id"]) > int(req.query["after"])][-limit:]
        elif "after" in req.query:
            found = [msg for msg in found if int(msg["id"]) > int(req.query["after"])]
        return [{k: v for k, v in msg.items() if k != "nonce"} for msg in found[:limit]]

    async def _get_message(self, req: Incoming, m: re.Match[str]) -> JSON:
        msg = self.messages.get(int(m.group(2)))
        if msg is None or msg["channel_id"] != m.group(1):
            raise not_found(10008, "Message")
        return msg

    async def _edit_message(self, req: Incoming, m: re.Match[str]) -> JSON:
        await self._get_message(req, m)
        return self._apply_edit(int(m.group(2)), req.json or {}, req.files)

    async def _delete_message(self, req: Incoming, m: re.Match[str]) -> None:
        await self._get_message(req, m)
        self._remove_message(int(m.group(2)))

    async def _reaction(self, req: Incoming, m: re.Match[str]) -> None:
        await self._get_message(req, m)

    def poll_ended(self, msg: JSON) -> bool:
        """Whether the message's poll is over: ended early, or past its expiry by the fake's
        clock (Discord ends a poll at its expiry whatever its author meant)."""
        poll = msg.get("poll")
        if not poll:
            return False
        expired = datetime.fromisoformat(poll["expiry"]) <= self.now()
        return bool(poll["results"]["is_finalized"]) or expired

    async def _expire_poll(self, req: Incoming, m: re.Match[str]) -> JSON:
        """POST /channels/{id}/polls/{message}/expire (discord.py `Message.end_poll`): only the
        poll's author may end it, only once, and only before it expired; Discord's codes."""
        msg = await self._get_message(req, m)
        if not msg.get("poll"):
            raise DiscordHTTPError(400, 520006, "Cannot expire a non-poll message")
        if msg["author"]["id"] != self.bot_user["id"]:
            raise DiscordHTTPError(403, 50005, "Cannot edit a message authored by another user")
        if self.poll_ended(msg):
            raise DiscordHTTPError(400, 520001, "Poll expired")
        msg["poll"]["results"]["is_finalized"] = True
        msg["poll"]["expiry"] = iso(self.now())
        self._echo("MESSAGE_UPDATE", msg, self._message_intent(msg))
        return msg

    def _new_message(
        self,
        channel_id: int,
        body: JSON,
        files: list[RecordedFile],
        *,
        interaction: JSON | None = None,
        guild_id: str | None = None,
    ) -> JSON:
        now = self.now()
        # Message ids carry the fake's time, as Discord's carry Discord's: a bot on the same
        # (manual) clock pages history from a moment of its own and finds what was sent since.
        mid = snowflake(now)
        msg: JSON = {
            "id": str(mid),
            "channel_id": str(channel_id),
            "author": self.bot_user,
            "content": body.get("content") or "",
            "timestamp": iso(now),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": _attachments(body, files, []),
            "embeds": [{"type": "rich", **e} for e in body.get("embeds") or []],
            "pinned": False,
            "type": 0,
            "flags": int(body.get("flags") or 0),
            "components": body.get("components") or [],
        }
        if guild_id is not None:
            msg["guild_id"] = str(guild_id)
        if body.get("nonce") is not None:
            msg["nonce"] = body["nonce"]
        if body.get("poll"):
            msg["poll"] = poll_object(body["poll"], now)
        ref = body.get("message_reference")
        if ref:
            msg["type"] = 19
            msg["message_reference"] = {
                "type": 0,
                "message_id": str(ref["message_id"]),
                "channel_id": str(ref.get("channel_id") or channel_id),
                **({"guild_id": str(guild_id)} if guild_id else {}),
            }
            msg["referenced_message"] = self.messages.get(int(ref["message_id"]))
        if interaction is not None:
            msg["webhook_id"] = str(self.app_id)
            msg["application_id"] = str(self.app_id)
            if interaction["type"] == 2:
                msg["type"] = 20
            invoker = (interaction.get("member") or {}).get("user") or interaction.get("user")
            msg["interaction_metadata"] = {
                "id": interaction["id"],
                "type": interaction["type"],
                "user": invoker,
                "authorizing_integration_owners": interaction["authorizing_integration_owners"],
                **({"name": interaction["data"]["name"]} if interaction["type"] == 2 else {}),
            }
        self.messages[mid] = msg
        return msg

    def _apply_edit(self, mid: int, body: JSON, files: list[RecordedFile]) -> JSON:
        check_message_limits(body)
        msg = self.messages[mid]
        for key in ("content", "components", "flags"):
            if key in body:
                msg[key] = body[key] if body[key] is not None else ("" if key == "content" else 0)
        if "embeds" in body:
            msg["embeds"] = [{"type": "rich", **e} for e in body["embeds"] or []]
        if "attachments" in body or files:
            msg["attachments"] = _attachments(body, files, msg["attachments"])
        msg["edited_timestamp"] = iso(self.now())
        if not msg["flags"] & FLAG_EPHEMERAL:
            self._echo("MESSAGE_UPDATE", msg, self._message_intent(msg))
        return msg

    def _remove_message(self, mid: int) -> None:
        msg = self.messages.pop(mid)
        data = {"id": msg["id"], "channel_id": msg["channel_id"]}
        if "guild_id" in msg:
            data["guild_id"] = msg["guild_id"]
        if not msg["flags"] & FLAG_EPHEMERAL:
            self._echo("MESSAGE_DELETE", data, self._message_intent(msg))

    def _message_intent(self, msg: JSON) -> int:
        return INTENT_GUILD_MESSAGES if "guild_id" in msg else INTENT_DIRECT_MESSAGES

    def _echo_message_create(self, msg: JSON) -> None:
        if msg["flags"] & FLAG_EPHEMERAL:
            return
        event = dict(msg)
        if "guild_id" in msg:
            bot_member = self.members[int(msg["guild_id"])].get(BOT_USER_ID)
            if bot_member is not None:
                event["member"] = {k: v for k, v in bot_member.items() if k != "user"}
        self._echo("MESSAGE_CREATE", event, self._message_intent(msg))

    def user_message(
        self,
        content: str,
        *,
        author: JSON | None = None,
        channel_id: int | None = None,
        message_reference: int | None = None,
    ) -> JSON:
        """A MESSAGE_CREATE payload from a human (default Grace), stored so the bot can reply,
        react or start a thread on it:
        ``await fake.dispatch("MESSAGE_CREATE", fake.user_message("hi"))``.
        """
        cid = channel_id or self.text_channel_id
        ch = self._channel(cid)
        author = author or MEMBER_USER
        msg = self._new_message(
            cid,
            {
                "content": content,
                **(
                    {"message_reference": {"message_id": message_reference}}
                    if message_reference
                    else {}
                ),
            },
            [],
            guild_id=ch.get("guild_id"),
        )
        msg["author"] = author
        if "guild_id" in msg:
            m = self.members[int(msg["guild_id"])].get(int(author["id"]))
            if m is not None:
                msg["member"] = {k: v for k, v in m.items() if k != "user"}
        return msg


def _attachments(body: JSON, files: list[RecordedFile], existing: list[JSON]) -> list[JSON]:
    by_field = {f.field: f for f in files}
    kept = {a["id"]: a for a in existing}
    out = []
    specs = body.get("attachments")
    if specs is None:
        specs = [{"id": i} for i in range(len(files))]
    for spec in specs:
        upload = by_field.get(f"files[{spec['id']}]")
        if upload is not None:
            aid = snowflake()
            filename = spec.get("filename") or upload.filename or f"file{spec['id']}"
            url = f"https://cdn.discordapp.com/attachments/0/{aid}/{filename}"
            out.append(
                {
                    "id": str(aid),
                    "filename": filename,
                    "description": spec.get("description"),
                    "content_type": upload.content_type,
                    "size": len(upload.data),
                    "url": url,
                    "proxy_url": url.replace("cdn.discordapp.com", "media.discordapp.net"),
                    "spoiler": filename.startswith("SPOILER_"),
                    "flags": 0,
                }
            )
        elif str(spec["id"]) in kept:
            out.append(kept[str(spec["id"])])
    return out
