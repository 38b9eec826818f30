"""What a reply shows on each platform, as text, for assertions about its wording."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from bot.adapters.console.render import render_reply as console_render
from bot.adapters.discord.render import render_reply as discord_render
from bot.adapters.slack.render import Renderer
from bot.adapters.slack.render import message as slack_message
from bot.core.views import Reply

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def shown_everywhere(reply: Reply) -> dict[str, str]:
    """The console's text, Discord's embeds and Slack's blocks, each as one string."""
    discord = discord_render(reply, now=NOW)
    return {
        "console": console_render(reply),
        "discord": json.dumps([e.to_dict() for e in discord.embeds], ensure_ascii=False),
        "slack": json.dumps(slack_message(reply, Renderer())["blocks"], ensure_ascii=False),
    }


def strings_in(value: Any) -> Iterator[str]:
    """The strings a platform's JSON shows a member: not its URLs, ids, values, types, styles."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("url", "action_id", "block_id", "value", "custom_id", "type", "style"):
                yield from strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item)


def slack_strings(reply: Reply) -> list[str]:
    """What the blocks of Slack's message show, string by string."""
    return list(strings_in(slack_message(reply, Renderer())["blocks"]))
