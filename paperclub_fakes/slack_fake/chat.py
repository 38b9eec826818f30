"""chat.*: posting, ephemeral messages, updating and deleting."""

from __future__ import annotations

from typing import Any

from paperclub_fakes.slack_fake.records import JsonDict, refuse
from paperclub_fakes.slack_fake.refusals import blocks_refused, channel_named
from paperclub_fakes.slack_fake.state import SlackState


class Chat(SlackState):
    """The bot's messages."""

    def add_message(
        self, channel: str, text: str, *, user: str = "U0HUMAN01", **extra: Any
    ) -> JsonDict:
        """Seed a message (e.g. from a human) into a channel's history."""
        message: JsonDict = {
            "type": "message",
            "ts": self._next_ts(),
            "user": user,
            "text": text,
            **extra,
        }
        self.messages.setdefault(channel, []).append(message)
        return message

    def _bot_message(self, args: JsonDict, ts: str) -> JsonDict:
        message: JsonDict = {
            "type": "message",
            "subtype": "bot_message",
            "ts": ts,
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
            "text": args.get("text", ""),
        }
        for key in ("blocks", "attachments", "metadata", "thread_ts"):
            if key in args:
                message[key] = args[key]
        return message

    def _chat_post_message(self, args: JsonDict) -> JsonDict:
        channel = channel_named(args)
        refuse(blocks_refused(args))
        refuse(self._not_a_member(channel))
        if not any(args.get(k) for k in ("text", "blocks", "attachments")):
            return {"ok": False, "error": "no_text"}
        message = self._bot_message(args, self._next_ts())
        self.messages.setdefault(channel, []).append(message)
        return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}

    def _chat_post_ephemeral(self, args: JsonDict) -> JsonDict:
        channel, user = channel_named(args), args.get("user")
        if not user:
            return {"ok": False, "error": "user_not_in_channel"}
        refuse(self._not_a_member(channel))
        refuse(blocks_refused(args))
        message = self._bot_message(args, self._next_ts())
        self.ephemerals.append({**message, "channel": channel, "to_user": user})
        return {"ok": True, "message_ts": message["ts"]}

    def _find_message(self, channel: Any, ts: Any) -> JsonDict | None:
        for message in self.messages.get(str(channel), []):
            if message["ts"] == ts:
                return message
        return None

    def _chat_update(self, args: JsonDict) -> JsonDict:
        channel, ts = args.get("channel"), args.get("ts")
        message = self._find_message(channel, ts)
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in args:
                message[key] = args[key]
        message["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "text": message.get("text", ""),
            "message": message,
        }

    def _chat_delete(self, args: JsonDict) -> JsonDict:
        channel, ts = args.get("channel"), args.get("ts")
        message = self._find_message(channel, ts)
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        self.messages[str(channel)].remove(message)
        return {"ok": True, "channel": channel, "ts": ts}
