"""Helpers for the Discord adapter tests: interactions by catalog name, message text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.adapters.discord.commands import discord_path
from bot.core.commands.catalog import Catalog
from paperclub_fakes.discord_fake import OWNER_USER, FakeDiscord, RecordedRequest

JSON = dict[str, Any]
EPHEMERAL = 1 << 6


def slash_for(fake: FakeDiscord, name: str, options: JSON | None = None, **kw: Any) -> JSON:
    """A slash interaction for a catalog name: "club setup" is /club with sub-command setup."""
    words = discord_path(name, {spec.name for spec in Catalog().specs})
    if len(words) == 1:
        return fake.slash(words[0], options, **kw)
    if len(words) == 2:
        return fake.slash(words[0], options, subcommand=words[1], **kw)
    return fake.slash(words[0], options, group=words[1], subcommand=words[2], **kw)


async def run(fake: FakeDiscord, payload: JSON) -> RecordedRequest:
    await fake.send_interaction(payload)
    return await fake.wait_for_callback(payload)


async def setup_club(fake: FakeDiscord, words: Sequence[str] = ("wed", "18:00")) -> JSON:
    options = dict(zip(("weekday", "time", "timezone"), words, strict=False))
    callback = await run(fake, slash_for(fake, "club setup", options, user=OWNER_USER))
    data: JSON = callback.json["data"]
    assert "set up" in data["embeds"][0]["description"], data
    return data


def text_of(data: JSON) -> str:
    """Every visible text of a message body: content and each embed's parts."""
    parts = [data.get("content") or ""]
    for embed in data.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [(embed.get("author") or {}).get("name") or ""]
        parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields") or []]
        parts += [(embed.get("footer") or {}).get("text") or ""]
    return "\n".join(parts)
