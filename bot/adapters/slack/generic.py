"""Any view as labelled mrkdwn: the fallback for views without their own Block Kit layout.

Views are frozen dataclasses of text, numbers, dates, tuples and nested dataclasses; walking their
fields keeps a new view readable on Slack the day the core adds it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from enum import Enum

from bot.adapters.slack.text import Block, escape, header, sections
from bot.core.views import Action

ActionsRenderer = Callable[[Sequence[Action]], list[Block]]
_SKIPPED = {"actions"}
_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])")


def blocks(view: object, actions: ActionsRenderer) -> list[Block]:
    title = _WORDS.sub(" ", type(view).__name__).removesuffix(" View")
    out = [header(title)]
    lines: list[str] = []
    found: list[Action] = []
    if dataclasses.is_dataclass(view):
        for f in dataclasses.fields(view):
            value = getattr(view, f.name)
            if f.name in _SKIPPED:
                found += [a for a in value if isinstance(a, Action)]
                continue
            if value in (None, "", ()) or _is_id(f.name):
                continue
            lines.append(f"*{escape(f.name.replace('_', ' ').capitalize())}:* {describe(value)}")
    else:
        lines.append(escape(str(view)))
    out += sections(lines)
    return out + actions(found)


def describe(value: object, depth: int = 0) -> str:
    """Escaped text for a field value."""
    if isinstance(value, Enum):
        return escape(str(value.value))
    if isinstance(value, datetime):
        return escape(value.isoformat(timespec="minutes"))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = [
            describe(getattr(value, f.name), depth + 1)
            for f in dataclasses.fields(value)
            if not _is_id(f.name) and getattr(value, f.name) not in (None, "", ())
        ]
        return " · ".join(parts)
    if isinstance(value, tuple | list):
        items = [describe(item, depth + 1) for item in value]
        if depth == 0 and any(dataclasses.is_dataclass(item) for item in value):
            return "\n" + "\n".join(f"• {item}" for item in items)
        return ", ".join(items)
    return escape(str(value))


def _is_id(name: str) -> bool:
    # Internal ids mean nothing to members; the numbers they type are named otherwise.
    return name == "id" or name.endswith("_id")
