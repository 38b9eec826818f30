"""REST: guilds, their channels and their members."""

from __future__ import annotations

import re

from paperclub_fakes.discord_fake.errors import not_found
from paperclub_fakes.discord_fake.objects import JSON, THREAD_TYPES
from paperclub_fakes.discord_fake.recording import Incoming
from paperclub_fakes.discord_fake.state import DiscordState


class Guilds(DiscordState):
    """A guild, its channel list and its members."""

    async def _get_guild(self, req: Incoming, m: re.Match[str]) -> JSON:
        g = self._guild(m.group(1))
        return {**g, "approximate_member_count": len(self.members[int(m.group(1))])}

    async def _get_guild_channels(self, req: Incoming, m: re.Match[str]) -> list[JSON]:
        self._guild(m.group(1))
        return [
            ch
            for ch in self.channels.values()
            if ch.get("guild_id") == m.group(1) and ch["type"] not in THREAD_TYPES
        ]

    async def _get_member(self, req: Incoming, m: re.Match[str]) -> JSON:
        self._guild(m.group(1))
        mm = self.members[int(m.group(1))].get(int(m.group(2)))
        if mm is None:
            raise not_found(10007, "Member")
        return mm
