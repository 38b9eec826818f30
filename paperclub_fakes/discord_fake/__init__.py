"""A fake Discord (gateway websocket + REST API) on 127.0.0.1 for driving a real discord.py client.

One module per API family it fakes: `gateway`, `commands`, `interactions` (callbacks and the
interaction webhook), `messages` (channels and messages), `threads`, `users` (and DMs), `guilds`,
`scheduled_events`; `message_limits` is what Discord refuses in a message, `failures` the
rate limits and errors tests inject, `waiting` how tests wait on the client, and
`interaction_payloads` / `component_payloads` build what a member's client sends. `fake`
puts them together as `FakeDiscord`; the names tests use are importable from here.
"""

from paperclub_fakes.discord_fake.errors import DiscordHTTPError
from paperclub_fakes.discord_fake.fake import FakeDiscord
from paperclub_fakes.discord_fake.interactions import EDITS_PER_WINDOW, EDITS_WINDOW
from paperclub_fakes.discord_fake.objects import (
    ALL_PERMISSIONS,
    API_PREFIX,
    APP_ID,
    BOT_PERMISSIONS,
    BOT_ROLE_ID,
    BOT_USER,
    BOT_USER_ID,
    CATEGORY_ID,
    DISCORD_EPOCH_MS,
    EVERYONE_PERMISSIONS,
    EVERYONE_ROLE_ID,
    FORUM_CHANNEL_ID,
    GUILD_ID,
    JSON,
    MEMBER_ID,
    MEMBER_USER,
    ORGANIZER_PERMISSIONS,
    ORGANIZER_ROLE_ID,
    OWNER_ID,
    OWNER_USER,
    TEXT_CHANNEL_ID,
    TOKEN,
    VOICE_CHANNEL_ID,
    FakeGuild,
    category_channel,
    default_guild,
    forum_channel,
    member,
    real_now,
    role,
    snowflake,
    text_channel,
    user,
    voice_channel,
)
from paperclub_fakes.discord_fake.recording import RecordedFile, RecordedRequest

__all__ = [
    "ALL_PERMISSIONS",
    "API_PREFIX",
    "APP_ID",
    "BOT_PERMISSIONS",
    "BOT_ROLE_ID",
    "BOT_USER",
    "BOT_USER_ID",
    "CATEGORY_ID",
    "DISCORD_EPOCH_MS",
    "EDITS_PER_WINDOW",
    "EDITS_WINDOW",
    "EVERYONE_PERMISSIONS",
    "EVERYONE_ROLE_ID",
    "FORUM_CHANNEL_ID",
    "GUILD_ID",
    "JSON",
    "MEMBER_ID",
    "MEMBER_USER",
    "ORGANIZER_PERMISSIONS",
    "ORGANIZER_ROLE_ID",
    "OWNER_ID",
    "OWNER_USER",
    "TEXT_CHANNEL_ID",
    "TOKEN",
    "VOICE_CHANNEL_ID",
    "DiscordHTTPError",
    "FakeDiscord",
    "FakeGuild",
    "RecordedFile",
    "RecordedRequest",
    "category_channel",
    "default_guild",
    "forum_channel",
    "member",
    "real_now",
    "role",
    "snowflake",
    "text_channel",
    "user",
    "voice_channel",
]
