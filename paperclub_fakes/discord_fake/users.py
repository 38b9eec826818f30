"""REST: users and direct-message channels (and who Discord lets the bot DM)."""

from __future__ import annotations

import re

from paperclub_fakes.discord_fake.errors import DiscordHTTPError, not_found
from paperclub_fakes.discord_fake.objects import JSON, snowflake
from paperclub_fakes.discord_fake.recording import Incoming
from paperclub_fakes.discord_fake.state import DiscordState


class Users(DiscordState):
    """Users the bot can see and the DMs it opens with them."""

    def _known_user(self, user_id: int) -> JSON:
        for guild_members in self.members.values():
            if user_id in guild_members:
                found: JSON = guild_members[user_id]["user"]
                return found
        if user_id in self.strangers:
            return self.strangers[user_id]
        raise not_found(10013, "User")

    def _may_dm(self, ch: JSON) -> None:
        """403 50007 ("Cannot send messages to this user") for a DM to a member whose DMs are
        closed or who shares no server with the bot; Discord makes the DM channel all the same."""
        recipient = int(ch["recipients"][0]["id"])
        shared = any(recipient in members for members in self.members.values())
        if recipient in self.dms_closed or not shared:
            raise DiscordHTTPError(403, 50007, "Cannot send messages to this user")

    async def _get_user(self, req: Incoming, m: re.Match[str]) -> JSON:
        return self._known_user(int(m.group(1)))

    async def _create_dm(self, req: Incoming, m: re.Match[str]) -> JSON:
        recipient_id = int((req.json or {})["recipient_id"])
        for ch in self.channels.values():
            if ch["type"] == 1 and ch["recipients"][0]["id"] == str(recipient_id):
                return ch
        recipient = self._known_user(recipient_id)
        cid = snowflake()
        dm = {
            "id": str(cid),
            "type": 1,
            "last_message_id": None,
            "flags": 0,
            "recipients": [recipient],
        }
        self.channels[cid] = dm
        return dm
