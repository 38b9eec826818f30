"""Splitting a typed command line into words, with friendly errors.

Used by the console and by Slack's `/paperclub <subcommand>`; Discord hands us typed options.
"""

from __future__ import annotations

import shlex

from bot.core.domain.errors import InvalidInput
from bot.core.text import t, tn

MAX_LINE = 2000


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
