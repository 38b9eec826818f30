"""Which club and command a log line belongs to, carried in a context variable so every log
line written while a command runs says so, without passing loggers around."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token

from bot.core.domain.ids import ClubKey

# A command's fields are held as (club, command, the fields around it) and spelled out only
# when a line is logged: most commands log nothing, and a burst of 1,000 votes binds 1,000.
_Held = dict[str, str] | tuple[ClubKey, str, "_Held"]

_CONTEXT: ContextVar[_Held] = ContextVar("paperclub_log_context", default={})  # noqa: B039


def current() -> dict[str, str]:
    return _spelled(_CONTEXT.get())


def _spelled(held: _Held) -> dict[str, str]:
    if isinstance(held, dict):
        return held
    club, command, around = held
    return {
        **_spelled(around),
        "club": str(club),
        "command": command,
        "platform": club.platform.value,
    }


@contextmanager
def bound(**fields: str) -> Iterator[None]:
    token = bind(fields)
    try:
        yield
    finally:
        unbind(token)


def bind(fields: dict[str, str]) -> Token[_Held]:
    """`bound()` without the context manager: pass what it returns to `unbind`, in a
    `finally`."""
    held = current()
    return _CONTEXT.set({**held, **fields} if held else fields)


def bind_command(club: ClubKey, command: str) -> Token[_Held]:
    """`bind` of a command's club, command and platform (the dispatcher's every command)."""
    return _CONTEXT.set((club, command, _CONTEXT.get()))


def unbind(token: Token[_Held]) -> None:
    _CONTEXT.reset(token)
