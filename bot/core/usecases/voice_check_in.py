"""Presence in a club's voice or stage channel during a session counts as a check-in.

The club chooses the channel (`/club set voice_channel <id>`); whether a session is on, and one
check-in per member and session, are the check-in's own rules, so every voice update may try.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.commands.context import Context, Store
from bot.core.domain.errors import PaperclubError
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.usecases import check_in
from bot.core.usecases.check_in import Attend


@dataclass(frozen=True, slots=True)
class InVoice:
    """Someone in a voice channel, as the platform names them."""

    user_id: str
    display_name: str


async def check_in_from_voice(
    store: Store,
    platform: Platform,
    workspace_id: str,
    voice_channel_id: str,
    present: Sequence[InVoice],
) -> int:
    """Check in everyone present for every club meeting in this channel; returns how many
    check-ins were accepted (none while no session is on)."""
    async with store.reader() as uow:
        clubs = await uow.clubs.by_voice_channel(platform, workspace_id, voice_channel_id)
    accepted = 0
    for club in clubs:
        for person in present:
            member = MemberKey(platform, workspace_id, person.user_id)
            ctx = Context(club.key, Actor(member, person.display_name, False))
            try:
                await check_in.execute(Attend(source="voice"), ctx, store)
            except PaperclubError:
                continue  # e.g. no session is on
            accepted += 1
    return accepted


async def voice_room(store: Store, club: ClubKey) -> str | None:
    """The voice channel the club meets in, if it has one."""
    async with store.reader() as uow:
        found = await uow.clubs.get(club)
    return found.settings.voice_channel_id if found is not None else None
