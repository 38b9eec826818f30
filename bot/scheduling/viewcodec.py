"""Views to JSON and back, so the outbox row holds the exact message a claim decided to send.

Only the dataclasses and enums of `bot.core.views` are known; anything else is refused, so the
payload column can never be made to build arbitrary objects.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
from datetime import date, datetime
from typing import Any, cast

from bot.core import views
from bot.core.text import Moment, MomentForm, Names, Text
from bot.core.views import View


@functools.cache
def _known() -> dict[str, type]:
    return {
        name: value
        for name, value in vars(views).items()
        if isinstance(value, type)
        and (dataclasses.is_dataclass(value) or issubclass(value, enum.Enum))
    }


def _encode(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$type": type(value).__name__, **fields}
    if isinstance(value, enum.Enum):
        return {"$enum": type(value).__name__, "value": value.value}
    # The core's text keeps its message id and arguments, so a post stored in English is still
    # said in the club's language when it goes out (a Korean reminder queued days before).
    if isinstance(value, Text):
        args = {key: _encode(arg) for key, arg in value.args.items()}
        return {"$text": value.msgid, "plural": value.plural, "n": value.number, "args": args}
    if isinstance(value, Moment):
        return {"$moment": value.value.isoformat(), "form": value.form.value, "zone": value.zone}
    if isinstance(value, Names):
        return {"$names": [_encode(item) for item in value.items]}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, tuple | list):
        return [_encode(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot store {type(value).__name__} in a view")


def _decode(value: object) -> object:
    if isinstance(value, list):
        # Views hold tuples only (they are frozen), so every list was a tuple.
        return tuple(_decode(item) for item in value)
    if not isinstance(value, dict):
        return value
    if "$datetime" in value:
        return datetime.fromisoformat(value["$datetime"])
    if "$text" in value:
        args = {str(key): _decode(arg) for key, arg in value["args"].items()}
        return Text(value["$text"], args, plural=value["plural"], count=value["n"])
    if "$moment" in value:
        form = MomentForm(value["form"])
        text = value["$moment"]
        when: date = datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
        return Moment(when, form, value["zone"])
    if "$names" in value:
        return Names([cast(str, _decode(item)) for item in value["$names"]])
    if "$enum" in value:
        return _known()[value["$enum"]](value["value"])
    cls = _known()[value["$type"]]
    return cls(**{k: _decode(v) for k, v in value.items() if k != "$type"})


def encode_value(value: object) -> object:
    """One of the values a view holds (a `Text`, a `Moment`, a tuple of them) as JSON."""
    return _encode(value)


def decode_value(data: object) -> object:
    """What `encode_value` wrote, back; plain JSON (a str, a list) comes back as it is."""
    return _decode(data)


def encode(view: View) -> dict[str, Any]:
    return cast(dict[str, Any], _encode(view))


def decode(data: object) -> View:
    return cast(View, _decode(data))
