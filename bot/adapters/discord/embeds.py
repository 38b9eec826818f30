"""Embed helpers: escaping member and paper text, and fitting Discord's size limits.

Discord rejects a whole message (400) when one embed part is too long, so every part is clipped
here rather than trusting the text's source.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any, Final

import discord

# Re-exported for the renderers; bot/adapters/discord/limits.py has the sources.
from bot.adapters.discord.limits import AUTHOR as AUTHOR
from bot.adapters.discord.limits import DESCRIPTION as DESCRIPTION
from bot.adapters.discord.limits import EMBEDS as EMBEDS
from bot.adapters.discord.limits import FIELD_NAME as FIELD_NAME
from bot.adapters.discord.limits import FIELD_VALUE as FIELD_VALUE
from bot.adapters.discord.limits import FIELDS as FIELDS
from bot.adapters.discord.limits import FOOTER as FOOTER
from bot.adapters.discord.limits import TITLE as TITLE
from bot.adapters.discord.limits import TOTAL as TOTAL
from bot.core.views import Tone
from bot.i18n import say

ELLIPSIS = "…"
# Strings up to this long have their escaping remembered (see `esc`): the sentences, titles and
# names a burst of answers repeats, never a paper's long summary.
REMEMBERED: Final = 200
COLOURS = {
    Tone.INFO: discord.Colour.blurple(),
    Tone.SUCCESS: discord.Colour.green(),
    Tone.WARNING: discord.Colour.gold(),
}
ERROR_COLOUR = discord.Colour.red()
PAPER_COLOUR = discord.Colour.teal()


def esc(text: str) -> str:
    """Member or paper text made inert: no markdown tricks, no @everyone, no <@id> pings.

    allowed_mentions=none already stops pings; escaping also keeps the text from *looking*
    like a mention or rewriting the embed's formatting. The core's text (`bot.core.text`) is
    first said in the reply's language: everything a renderer shows passes through here.
    """
    said = say(text)
    return _escaped(said) if len(said) <= REMEMBERED else _escape(said)


def _escape(said: str) -> str:
    return discord.utils.escape_mentions(discord.utils.escape_markdown(said))


# The same few strings are escaped for every answer of a burst of clicks ("Your vote is in.",
# the paper's title, the deadline): the two regular-expression passes were half the cost of
# rendering a click's answer; a lookup of the said string is a fraction of one.
_escaped = functools.lru_cache(maxsize=4096)(_escape)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def lines_within(lines: Iterable[str], limit: int, more: str = "…and {n} more") -> str:
    """Join whole lines up to `limit` characters, saying how many did not fit."""
    kept: list[str] = []
    size = 0
    pending = list(lines)
    for index, line in enumerate(pending):
        line = clip(line, limit)
        tail = more.format(n=len(pending) - index)
        if size + len(line) + 1 + len(tail) > limit and index < len(pending) - 1:
            kept.append(tail)
            break
        if size + len(line) + 1 > limit:
            kept.append(clip(tail, limit - size - 1))
            break
        kept.append(line)
        size += len(line) + 1
    return "\n".join(kept)


def numbered_fields(name: str, items: Sequence[str], room: int) -> list[tuple[str, str]]:
    """A numbered list split over as many fields as needed (each value ≤ 1024), at most `room`."""
    fields: list[tuple[str, str]] = []
    current: list[str] = []
    for number, item in enumerate(items, start=1):
        line = clip(f"{number}. {item}", FIELD_VALUE)
        if current and len("\n".join([*current, line])) > FIELD_VALUE:
            fields.append((name if not fields else f"{name} (cont.)", "\n".join(current)))
            current = []
        current.append(line)
    if current:
        fields.append((name if not fields else f"{name} (cont.)", "\n".join(current)))
    return fields[:room]


def fit(embeds: list[discord.Embed]) -> list[discord.Embed]:
    """Clip each part, then trim until the message is within Discord's totals."""
    embeds = embeds[:EMBEDS]
    for embed in embeds:
        if embed.title:
            embed.title = clip(embed.title, TITLE)
        if embed.description:
            embed.description = clip(embed.description, DESCRIPTION)
        if embed.author.name:
            embed.set_author(name=clip(embed.author.name, AUTHOR), url=embed.author.url)
        if embed.footer.text:
            embed.set_footer(text=clip(embed.footer.text, FOOTER))
        fields = embed.fields
        if len(fields) > FIELDS or not all(map(_field_fits, fields)):
            _refit_fields(embed, fields)
    while sum(len(e) for e in embeds) > TOTAL:
        excess = sum(len(e) for e in embeds) - TOTAL
        largest = max(embeds, key=len)
        if largest.fields and len(largest.fields) > 1:
            largest.remove_field(len(largest.fields) - 1)
        elif largest.description and len(largest.description) > excess + 1:
            largest.description = clip(largest.description, len(largest.description) - excess)
        elif len(embeds) > 1:
            embeds.remove(largest)
        else:
            largest.clear_fields()
            largest.description = clip(largest.description or "", max(1, TOTAL // 2))
            break
    return embeds


def _field_fits(field: Any) -> bool:
    name, value = field.name, field.value
    return bool(name and value) and len(name) <= FIELD_NAME and len(value) <= FIELD_VALUE


def _refit_fields(embed: discord.Embed, fields: Sequence[Any]) -> None:
    """The first FIELDS fields again, each clipped (Discord refuses an empty one). Only when
    one needs it: rebuilding every field of every answer was a fifth of rendering one."""
    kept = [(f.name or "\u200b", f.value or "\u200b", bool(f.inline)) for f in fields[:FIELDS]]
    embed.clear_fields()
    for name, value, inline in kept:
        embed.add_field(name=clip(name, FIELD_NAME), value=clip(value, FIELD_VALUE), inline=inline)
