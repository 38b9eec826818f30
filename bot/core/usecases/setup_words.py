"""The text grammar of /club setup: weekday, time and zone in any order, each recognised by its
shape ("/club setup 18:00 wed Europe/Berlin"). The values are then read like any options."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.core.domain.errors import InvalidInput
from bot.core.planning.calendar import parse_local_time, parse_weekday
from bot.core.text import t

USAGE_HINT = t(
    "Usage: /club setup [weekday] [time] [time zone], e.g. /club setup wed 18:00 Europe/Berlin"
)


def _is(read: Callable[[str], object], word: str) -> bool:
    try:
        read(word)
    except ValueError:
        return False
    return True


def setup_words(words: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for word in words:
        if "weekday" not in found and _is(parse_weekday, word):
            found["weekday"] = word
        elif "time" not in found and _is(parse_local_time, word):
            found["time"] = word
        elif "timezone" not in found and ("/" in word or word.upper() == "UTC"):
            found["timezone"] = word  # checked, with its friendly error, as the option is read
        else:
            raise InvalidInput(t("I don't understand '{word}'.", word=word), hint=USAGE_HINT)
    return found
