"""The ids, permissions and object shapes (Discord API v10) the fake Discord serves, and its default
guild: Ada (owner, organizer), Grace (member), #paper-club, 'Reading Room' and #papers."""

from __future__ import annotations

import copy
import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

import discord
import orjson

JSON = dict[str, Any]


def encode(payload: Any) -> bytes:
    """JSON as Discord sends it (compact), with orjson: the fake's process sends every gateway
    event and REST answer through here. Non-str keys (a test's ints) as json.dumps takes them."""
    return orjson.dumps(payload, option=orjson.OPT_NON_STR_KEYS)


API_PREFIX: Final = "/api/v10"
TOKEN: Final = "fake-bot-token"
DISCORD_EPOCH_MS: Final = 1_420_070_400_000

# Fixed ids so tests and assertions can refer to them without looking them up.
APP_ID: Final = 1_100_000_000_000_000_001  # Discord gives a bot user the application's id.
BOT_USER_ID: Final = APP_ID
OWNER_ID: Final = 1_100_000_000_000_000_002
MEMBER_ID: Final = 1_100_000_000_000_000_003
GUILD_ID: Final = 1_200_000_000_000_000_001
EVERYONE_ROLE_ID: Final = GUILD_ID  # @everyone's role id is the guild id.
ORGANIZER_ROLE_ID: Final = 1_200_000_000_000_000_010
BOT_ROLE_ID: Final = 1_200_000_000_000_000_011
CATEGORY_ID: Final = 1_200_000_000_000_000_100
TEXT_CHANNEL_ID: Final = 1_200_000_000_000_000_101
VOICE_CHANNEL_ID: Final = 1_200_000_000_000_000_102
FORUM_CHANNEL_ID: Final = 1_200_000_000_000_000_103

EVERYONE_PERMISSIONS: Final = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    read_message_history=True,
    add_reactions=True,
    embed_links=True,
    attach_files=True,
    use_application_commands=True,
    connect=True,
    speak=True,
    send_polls=True,
).value
ORGANIZER_PERMISSIONS: Final = discord.Permissions(
    manage_events=True, create_events=True, manage_messages=True, manage_threads=True
).value
BOT_PERMISSIONS: Final = discord.Permissions(
    manage_events=True,
    create_events=True,
    manage_messages=True,
    manage_threads=True,
    create_private_threads=True,
    mention_everyone=True,
).value
ALL_PERMISSIONS: Final = discord.Permissions.all().value

# Intent bits that gate which gateway events Discord sends.
INTENT_GUILDS: Final = 1 << 0
INTENT_GUILD_MEMBERS: Final = 1 << 1
INTENT_GUILD_MESSAGES: Final = 1 << 9
INTENT_DIRECT_MESSAGES: Final = 1 << 12
INTENT_GUILD_SCHEDULED_EVENTS: Final = 1 << 16

THREAD_TYPES: Final = frozenset({10, 11, 12})
FLAG_EPHEMERAL: Final = 1 << 6
FLAG_LOADING: Final = 1 << 7
# Edits of one interaction's messages Discord takes in a window of seconds (see _count_edit).


def real_now() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime) -> str:
    return dt.isoformat()


_counter = itertools.count()


def snowflake(at: datetime | None = None) -> int:
    """A fresh id whose timestamp is now (or `at`: the fake's own clock), as Discord's are
    (discord.py derives created_at, and `history(after=a time)` pages by it)."""
    ms = int((at.timestamp() if at is not None else time.time()) * 1000) - DISCORD_EPOCH_MS
    return (ms << 22) | (next(_counter) % (1 << 22))


def user(user_id: int, username: str, *, global_name: str | None = None, bot: bool = False) -> JSON:
    return {
        "id": str(user_id),
        "username": username,
        "discriminator": "0",
        "global_name": global_name if global_name is not None else username.title(),
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
        "collectibles": None,
        "primary_guild": None,
    }


def member(
    member_user: JSON,
    *,
    roles: Sequence[int] = (),
    nick: str | None = None,
    joined: datetime | None = None,
) -> JSON:
    return {
        "user": member_user,
        "roles": [str(r) for r in roles],
        "nick": nick,
        "avatar": None,
        "banner": None,
        "joined_at": iso(joined or datetime(2024, 1, 1, tzinfo=UTC)),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
    }


def role(
    role_id: int, name: str, *, permissions: int, position: int = 0, managed: bool = False
) -> JSON:
    return {
        "id": str(role_id),
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": str(permissions),
        "managed": managed,
        "mentionable": False,
        "flags": 0,
    }


# The fields each kind of channel adds to the common ones, as Discord sends them.
_TEXT_FIELDS: Final[JSON] = {
    "topic": None,
    "last_message_id": None,
    "rate_limit_per_user": 0,
    "default_auto_archive_duration": 1440,
    "default_thread_rate_limit_per_user": 0,
}
_VOICE_FIELDS: Final[JSON] = {
    "bitrate": 64000,
    "user_limit": 0,
    "rtc_region": None,
    "video_quality_mode": 1,
    "last_message_id": None,
    "rate_limit_per_user": 0,
}
# A forum has a text channel's fields (topic, slow mode, archive default) and its tags.
_FORUM_FIELDS: Final[JSON] = {
    **_TEXT_FIELDS,
    "available_tags": [],
    "default_reaction_emoji": None,
    "default_sort_order": None,
    "default_forum_layout": 0,
}


def _base_channel(
    channel_id: int,
    guild_id: int,
    name: str,
    type_: int,
    position: int,
    parent_id: int | None,
    fields: JSON | None = None,
) -> JSON:
    return {
        "id": str(channel_id),
        "guild_id": str(guild_id),
        "name": name,
        "type": type_,
        "position": position,
        "permission_overwrites": [],
        "parent_id": str(parent_id) if parent_id else None,
        "nsfw": False,
        "flags": 0,
        **copy.deepcopy(fields or {}),  # each channel its own lists, as the fake edits them
    }


def category_channel(channel_id: int, guild_id: int, name: str, *, position: int = 0) -> JSON:
    return _base_channel(channel_id, guild_id, name, 4, position, None)


def text_channel(
    channel_id: int, guild_id: int, name: str, *, position: int = 0, parent_id: int | None = None
) -> JSON:
    return _base_channel(channel_id, guild_id, name, 0, position, parent_id, _TEXT_FIELDS)


def voice_channel(
    channel_id: int, guild_id: int, name: str, *, position: int = 0, parent_id: int | None = None
) -> JSON:
    return _base_channel(channel_id, guild_id, name, 2, position, parent_id, _VOICE_FIELDS)


def forum_channel(
    channel_id: int, guild_id: int, name: str, *, position: int = 0, parent_id: int | None = None
) -> JSON:
    return _base_channel(channel_id, guild_id, name, 15, position, parent_id, _FORUM_FIELDS)


BOT_USER: Final = user(BOT_USER_ID, "paperclub", global_name="Paperclub", bot=True)
OWNER_USER: Final = user(OWNER_ID, "ada", global_name="Ada")
MEMBER_USER: Final = user(MEMBER_ID, "grace", global_name="Grace")


@dataclass
class FakeGuild:
    """A guild as GUILD_CREATE describes it. The bot's member entry is added automatically."""

    id: int
    name: str
    owner_id: int
    roles: list[JSON]
    channels: list[JSON]
    members: list[JSON]


def default_guild() -> FakeGuild:
    """'Paper Club': owner Ada (organizer), member Grace, a category with #paper-club (text),
    'Reading Room' (voice) and #papers (forum)."""
    return FakeGuild(
        id=GUILD_ID,
        name="Paper Club",
        owner_id=OWNER_ID,
        roles=[
            role(EVERYONE_ROLE_ID, "@everyone", permissions=EVERYONE_PERMISSIONS),
            role(ORGANIZER_ROLE_ID, "Organizer", permissions=ORGANIZER_PERMISSIONS, position=1),
            role(BOT_ROLE_ID, "Paperclub", permissions=BOT_PERMISSIONS, position=2, managed=True),
        ],
        channels=[
            category_channel(CATEGORY_ID, GUILD_ID, "Club"),
            text_channel(TEXT_CHANNEL_ID, GUILD_ID, "paper-club", parent_id=CATEGORY_ID),
            voice_channel(
                VOICE_CHANNEL_ID, GUILD_ID, "Reading Room", position=1, parent_id=CATEGORY_ID
            ),
            forum_channel(FORUM_CHANNEL_ID, GUILD_ID, "papers", position=2, parent_id=CATEGORY_ID),
        ],
        members=[
            member(OWNER_USER, roles=[ORGANIZER_ROLE_ID]),
            member(MEMBER_USER),
        ],
    )
