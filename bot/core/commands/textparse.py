"""Splitting a typed command line into words, with friendly errors.

Used by the console and by Slack's `/paperclub <subcommand>`; Discord hands us typed options.
"""

from __future__ import annotations

import re
import shlex

from bot.core.domain.errors import InvalidInput
from bot.core.text import t, tn

MAX_LINE = 2000

# What only shlex reads right: quotes, backslashes, and whitespace other than the four shlex
# splits on (str.split would split on a no-break space or a form feed, shlex keeps it in the
# word). A line without any of them is split by str.split exactly as shlex splits it.
_NEEDS_SHLEX = re.compile(r"[\"'\\]|[^\S \t\r\n]")


def check_length(text: str, limit: int = MAX_LINE) -> None:
    if len(text) > limit:
        raise InvalidInput(
            tn(
                "That message is {n} character long; commands are limited to {limit}.",
                "That message is {n} characters long; commands are limited to {limit}.",
                len(text),
                limit=tn("{n} character", "{n} characters", limit),
            ),
            hint=t("Paste long reading lists as a file with /papers import instead."),
        )


def split_words(text: str) -> list[str]:
    """Split like a shell, so "quoted titles" stay whole; a stray quote is an error, not a crash."""
    check_length(text)
    if _NEEDS_SHLEX.search(text) is None:
        # Every line the bot's own buttons write (`/vote cast #12 2`) and most typed ones: 1 µs
        # here against shlex's 22, which was 40% of reading a click's command.
        return text.split()
    try:
        return shlex.split(text)
    except ValueError:
        raise InvalidInput(
            t("There is an unmatched quote in that command."),
            hint=t('Put titles in matching quotes, like /paper "attention is all you need".'),
        ) from None


def is_number(text: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts '²', which int() then refuses."""
    return text.isascii() and text.isdigit()
