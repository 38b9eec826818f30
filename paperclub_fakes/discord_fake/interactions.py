"""REST: answering an interaction (one callback within 3 s) and its webhook messages."""

from __future__ import annotations

import re
import time
from typing import Final

from paperclub_fakes import discord_rules
from paperclub_fakes.discord_fake.errors import DiscordHTTPError, not_found, refuse
from paperclub_fakes.discord_fake.message_limits import check_message_limits
from paperclub_fakes.discord_fake.messages import Messages
from paperclub_fakes.discord_fake.objects import FLAG_EPHEMERAL, FLAG_LOADING, JSON
from paperclub_fakes.discord_fake.recording import Incoming

# Edits of one interaction's messages Discord takes in a window of seconds (see _count_edit).
EDITS_PER_WINDOW: Final = 5
EDITS_WINDOW: Final = 5.0


class InteractionResponses(Messages):
    """Interaction callbacks and the interaction webhook (follow-ups, edits of the original)."""

    async def _interaction_callback(self, req: Incoming, m: re.Match[str]) -> JSON:
        iid, token = int(m.group(1)), m.group(2)
        inter = self._interactions.get(iid)
        if inter is None or inter["token"] != token:
            raise not_found(10062, "interaction")
        sent = self._interaction_sent_at[iid]
        if (
            self.interaction_timeout is not None
            and time.monotonic() - sent > self.interaction_timeout
        ):
            raise not_found(10062, "interaction")
        if iid in self._acked:
            raise DiscordHTTPError(400, 40060, "Interaction has already been acknowledged.")
        body = req.json or {}
        type_ = int(body["type"])
        data = body.get("data") or {}
        if type_ in (4, 7):
            check_message_limits(data)
        elif type_ == 8:
            refuse(discord_rules.choice_problems(data.get("choices") or [], "data.choices"))
        elif type_ == 9:
            refuse(discord_rules.modal_problems(data))
        self._acked[iid] = type_
        self.callbacks.append({"interaction_id": iid, "token": token, "type": type_, "data": data})
        flags = int(data.get("flags") or 0)
        result: JSON = {
            "interaction": {
                "id": str(iid),
                "type": inter["type"],
                "activity_instance_id": None,
                "response_message_id": None,
                "response_message_loading": type_ == 5,
                "response_message_ephemeral": bool(flags & FLAG_EPHEMERAL),
            },
            "resource": {"type": type_},
        }
        if type_ in (4, 5):
            msg = self._new_message(
                self._interaction_channel_id(inter),
                data if type_ == 4 else {"content": "", "flags": flags | FLAG_LOADING},
                req.files,
                interaction=inter,
                guild_id=inter.get("guild_id"),
            )
            self._originals[token] = int(msg["id"])
            result["interaction"]["response_message_id"] = msg["id"]
            result["resource"]["message"] = msg
            self._echo_message_create(msg)
        elif type_ in (6, 7) and "message" in inter:
            mid = int(inter["message"]["id"])
            self.messages.setdefault(mid, inter["message"])
            self._originals[token] = mid
            if type_ == 7:
                msg = self._apply_edit(mid, data, req.files)
                result["resource"]["message"] = msg
        elif type_ == 9:
            self.modals[data["custom_id"]] = data
        return result

    def _interaction_channel_id(self, inter: JSON) -> int:
        return int(inter.get("channel_id") or inter["channel"]["id"])

    def _interaction_for_token(self, app_id: str, token: str) -> JSON:
        if int(app_id) != self.app_id:
            raise not_found(10015, "Webhook")
        iid = self._interaction_by_token.get(token)
        if iid is None or iid not in self._acked:
            raise not_found(10015, "Webhook")
        return self._interactions[iid]

    def _webhook_message_id(self, token: str, which: str) -> int:
        if which == "@original":
            mid = self._originals.get(token)
        else:
            mid = int(which) if int(which) in self._followups.get(token, set()) else None
        if mid is None or mid not in self.messages:
            raise not_found(10008, "Message")
        return mid

    async def _webhook_execute(self, req: Incoming, m: re.Match[str]) -> JSON | None:
        inter = self._interaction_for_token(m.group(1), m.group(2))
        check_message_limits(req.json or {})
        msg = self._new_message(
            self._interaction_channel_id(inter),
            req.json or {},
            req.files,
            interaction=inter,
            guild_id=inter.get("guild_id"),
        )
        self._followups.setdefault(m.group(2), set()).add(int(msg["id"]))
        self._echo_message_create(msg)
        return msg if req.query.get("wait") in ("1", "true", "True") else None

    async def _webhook_get(self, req: Incoming, m: re.Match[str]) -> JSON:
        self._interaction_for_token(m.group(1), m.group(2))
        return self.messages[self._webhook_message_id(m.group(2), m.group(3))]

    def _count_edit(self, token: str) -> None:
        """Editing an interaction's messages is rate limited like editing any message: about
        5 in 5 s (platform-limits.md). Past it Discord answers 429 with a retry_after, which
        discord.py sleeps and retries: counted in `refused_edits`, never applied."""
        now = time.monotonic()
        recent = [t for t in self.edit_times.get(token, []) if now - t < EDITS_WINDOW]
        if len(recent) >= EDITS_PER_WINDOW:
            self.refused_edits += 1
            retry_after = round(EDITS_WINDOW - (now - recent[0]), 3)
            refusal = DiscordHTTPError(
                429,
                0,
                "You are being rate limited.",
                headers={
                    "Via": "1.1 google",
                    "X-RateLimit-Limit": str(EDITS_PER_WINDOW),
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset-After": str(retry_after),
                    "X-RateLimit-Bucket": f"webhook-{token[:8]}",
                    "X-RateLimit-Scope": "user",
                },
            )
            refusal.body.update({"retry_after": retry_after, "global": False})
            raise refusal
        self.edit_times[token] = [*recent, now]

    async def _webhook_edit(self, req: Incoming, m: re.Match[str]) -> JSON:
        self._interaction_for_token(m.group(1), m.group(2))
        self._count_edit(m.group(2))
        mid = self._webhook_message_id(m.group(2), m.group(3))
        msg = self.messages[mid]
        edit = dict(req.json or {})
        if msg["flags"] & FLAG_LOADING:
            # Editing a deferred response fills it in: the loading flag goes away.
            edit["flags"] = (msg["flags"] & ~FLAG_LOADING) | int(edit.get("flags") or 0)
        return self._apply_edit(mid, edit, req.files)

    async def _webhook_delete(self, req: Incoming, m: re.Match[str]) -> None:
        self._interaction_for_token(m.group(1), m.group(2))
        mid = self._webhook_message_id(m.group(2), m.group(3))
        self._remove_message(mid)
