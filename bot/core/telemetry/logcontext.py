"""Which club and command a log line belongs to, carried in a context variable so every log
line written while a command runs says so, without passing loggers around."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_CONTEXT: ContextVar[dict[str, str]] = ContextVar("paperclub_log_context", default={})  # noqa: B039


def current() -> dict[str, str]:
    return _CONTEXT.get()


@contextmanager
def bound(**fields: str) -> Iterator[None]:
    token = _CONTEXT.set({**_CONTEXT.get(), **fields})
    try:
        yield
    finally:
        _CONTEXT.reset(token)
