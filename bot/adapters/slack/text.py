"""Safe Slack text: every piece of member or paper text goes through here.

Slack reads `<!channel>`, `<!here>`, `<@U123>` and `<url|label>` out of mrkdwn, so `&`, `<` and
`>` are escaped as entities; Block Kit text objects are also marked `verbatim` so bare words like
`@channel` or `#general` are never turned into mentions or links.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from bot.i18n import say

Block = dict[str, Any]

HEADER_LIMIT = 150
SECTION_LIMIT = 3000
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
MESSAGE_BLOCK_LIMIT = 50
SURFACE_BLOCK_LIMIT = 100  # modals and the App Home tab
FALLBACK_LIMIT = 300

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ESCAPE = re.compile(r"[&<>]")
_SAFE_URL = re.compile(r"^https?://[^\s|<>]+$")


def escape(text: str) -> str:
    """Text made inert for mrkdwn; the core's text (`bot.core.text`) is first said in the
    reply's language, since everything a renderer shows passes through here."""
    return _ESCAPE.sub(lambda m: _ENTITIES[m.group(0)], say(text))


def clip(escaped: str, limit: int) -> str:
    """Shorten already-escaped text to `limit` characters without cutting an entity in half."""
    if len(escaped) <= limit:
        return escaped
    cut = escaped[: limit - 1]
    amp = cut.rfind("&", max(0, len(cut) - 4))
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


def safe(text: str, limit: int = SECTION_LIMIT) -> str:
    return clip(escape(text), limit)


def link(url: str, label: str) -> str:
    """A mrkdwn link, or the escaped label and URL when the URL could break out of `<…|…>`."""
    if _SAFE_URL.match(url):
        return f"<{escape(url)}|{escape(label).replace('|', '¦')}>"
    return f"{escape(label)} ({escape(url)})"


def mrkdwn(text: str) -> Block:
    """A mrkdwn text object for text that is already escaped and formatted."""
    return {"type": "mrkdwn", "text": clip(text, SECTION_LIMIT) or " ", "verbatim": True}


def plain(text: str, limit: int) -> Block:
    return {"type": "plain_text", "text": safe(text, limit) or " ", "emoji": True}


def section(text: str) -> Block:
    return {"type": "section", "text": mrkdwn(text)}


def sections(lines: list[str]) -> list[Block]:
    """Pack escaped lines into as few sections as fit Slack's section limit."""
    blocks: list[Block] = []
    current = ""
    for line in lines:
        if current and len(current) + 1 + len(line) > SECTION_LIMIT:
            blocks.append(section(current))
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        blocks.append(section(current))
    return blocks


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, HEADER_LIMIT)}


def context(*texts: str) -> Block:
    # Slack allows at most 10 elements in a context block.
    return {"type": "context", "elements": [mrkdwn(t) for t in texts[:10] if t]}


def divider() -> Block:
    return {"type": "divider"}


def slash_commands(text: str, names: frozenset[str]) -> str:
    """Rewrite `/paper` in the bot's own text to `/paperclub paper`: on Slack the app owns one
    command, and the core speaks in the shared command names."""
    if not names:
        return text
    return _commands_pattern(names).sub(r"/paperclub \1", text)


@functools.lru_cache(maxsize=8)
def _commands_pattern(names: frozenset[str]) -> re.Pattern[str]:
    # One catalog's names in practice: built once, not for every message.
    pattern = r"(?<![\w/])/(" + "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    return re.compile(pattern + r")\b")
