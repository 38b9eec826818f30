"""conversations.*: history, replies, info and opening a DM."""

from __future__ import annotations

from typing import Any

from paperclub_fakes.slack_fake.records import JsonDict, refuse, truthy
from paperclub_fakes.slack_fake.refusals import channel_named
from paperclub_fakes.slack_fake.state import SlackState


class Conversations(SlackState):
    """Channels and their history."""

    def add_channel(
        self, channel_id: str, *, name: str | None = None, is_private: bool = False, **extra: Any
    ) -> JsonDict:
        channel: JsonDict = {
            "id": channel_id,
            "name": name or channel_id.lower(),
            "is_channel": not channel_id.startswith("D"),
            "is_im": channel_id.startswith("D"),
            "is_private": is_private,
            "is_archived": False,
            "is_member": True,
            "created": self._ts_base,
            **extra,
        }
        self.channels[channel_id] = channel
        return channel

    @staticmethod
    def _page(
        items: list[JsonDict], args: JsonDict, *, include_metadata: bool, page_max: int = 1000
    ) -> JsonDict:
        start = int(args.get("cursor") or 0)
        limit = min(int(args.get("limit") or 100), page_max)
        page = items[start : start + limit]
        if not include_metadata:
            page = [{k: v for k, v in m.items() if k != "metadata"} for m in page]
        has_more = start + limit < len(items)
        return {
            "ok": True,
            "messages": page,
            "has_more": has_more,
            "response_metadata": {"next_cursor": str(start + limit) if has_more else ""},
        }

    def _conversations_history(self, args: JsonDict) -> JsonDict:
        channel = channel_named(args)
        refuse(self._not_a_member(channel))
        inclusive = truthy(args.get("inclusive"))
        oldest = float(args.get("oldest") or 0)
        latest = float(args["latest"]) if args.get("latest") else float("inf")

        def in_range(ts: float) -> bool:
            if inclusive:
                return oldest <= ts <= latest
            return oldest < ts < latest

        # Like Slack: thread replies stay out of the channel history, newest first.
        top_level = [
            m
            for m in self.messages.get(channel, [])
            if m.get("thread_ts") in (None, m["ts"]) and in_range(float(m["ts"]))
        ]
        top_level.sort(key=lambda m: float(m["ts"]), reverse=True)
        # Slack only returns message metadata here when asked for it.
        include = truthy(args.get("include_all_metadata"))
        return self._page(top_level, args, include_metadata=include, page_max=self.history_page_max)

    def _conversations_replies(self, args: JsonDict) -> JsonDict:
        channel, ts = str(args.get("channel")), args.get("ts")
        thread = [
            m for m in self.messages.get(channel, []) if m["ts"] == ts or m.get("thread_ts") == ts
        ]
        if not thread:
            return {"ok": False, "error": "thread_not_found"}
        thread.sort(key=lambda m: float(m["ts"]))
        include = truthy(args.get("include_all_metadata"))
        return self._page(thread, args, include_metadata=include)

    def _conversations_info(self, args: JsonDict) -> JsonDict:
        channel_id = channel_named(args)
        channel = self.channels.get(channel_id) or self.add_channel(channel_id)
        if channel["is_private"] and not channel["is_member"] and not channel["is_im"]:
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "channel": channel}

    def _conversations_open(self, args: JsonDict) -> JsonDict:
        """The app's DM with one member: the same channel id every time, like Slack."""
        users = [u for u in str(args.get("users") or "").split(",") if u]
        if len(users) != 1:
            return {"ok": False, "error": "users_list_not_supplied" if not users else "not_allowed"}
        known = self.users.get(users[0])
        if known is not None and known.get("deleted"):
            return {"ok": False, "error": "user_disabled"}  # a deactivated member
        if known is not None and known.get("is_bot"):
            return {"ok": False, "error": "cannot_dm_bot"}
        dm_id = "D" + users[0].removeprefix("U")
        channel = self.channels.get(dm_id) or self.add_channel(
            dm_id, is_private=True, user=users[0]
        )
        return {"ok": True, "channel": {"id": channel["id"]}}
