"""A channel's permission overwrites, applied as Discord applies them to a member's permissions
(https://discord.com/developers/docs/topics/permissions#permission-overwrites): @everyone's
overwrite first, then the member's roles' (their denies together, then their allows), then the
member's own. Owners and administrators are not overwritten."""

from __future__ import annotations

from collections.abc import Collection

from paperclub_fakes.discord_fake.objects import ALL_PERMISSIONS, JSON


def in_channel(
    guild_level: int, channel: JSON, guild_id: int, roles: Collection[str], user_id: int
) -> int:
    """`guild_level` (the member's permissions from their roles) in `channel`."""
    if guild_level == ALL_PERMISSIONS:
        return guild_level
    overwrites = {str(o["id"]): o for o in channel.get("permission_overwrites") or []}
    value = guild_level

    def apply(allow: int, deny: int) -> None:
        nonlocal value
        value = (value & ~deny) | allow

    everyone = overwrites.get(str(guild_id))
    if everyone is not None:
        apply(int(everyone["allow"]), int(everyone["deny"]))
    allow = deny = 0
    for role_id in roles:
        found = overwrites.get(str(role_id))
        if found is not None and found.get("type", 0) == 0:
            allow, deny = allow | int(found["allow"]), deny | int(found["deny"])
    apply(allow, deny)
    own = overwrites.get(str(user_id))
    if own is not None and own.get("type") == 1:
        apply(int(own["allow"]), int(own["deny"]))
    return value


def overwrite(target_id: int, *, role: bool = True, allow: int = 0, deny: int = 0) -> JSON:
    """One entry of a channel's `permission_overwrites`, as Discord serves it."""
    return {"id": str(target_id), "type": 0 if role else 1, "allow": str(allow), "deny": str(deny)}
