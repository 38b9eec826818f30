"""Which club and command a log line belongs to, carried in a context variable so every log
line written while a command runs says so, without passing loggers around."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token

_CONTEXT: ContextVar[dict[str, str]] = ContextVar("paperclub_log_context", default={})  # noqa: B039


def current() -> dict[str, str]:
    return _CONTEXT.get()


@contextmanager
def bound(**fields: str) -> Iterator[None]:
    token = bind(fields)
    try:
        yield
    finally:
        unbind(token)


def bind(fields: dict[str, str]) -> Token[dict[str, str]]:
    """`bound()` without the context manager (the dispatcher's every command): pass what it
    returns to `unbind`, in a `finally`."""
    held = _CONTEXT.get()
    return _CONTEXT.set({**held, **fields} if held else fields)


def unbind(token: Token[dict[str, str]]) -> None:
    _CONTEXT.reset(token)
