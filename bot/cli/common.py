"""Helpers shared by the CLI commands: settings, logging and friendly failures."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, NoReturn, TypeVar

import typer

from bot import eventloop
from bot.core.domain.errors import PaperclubError
from bot.readinglist.shipped import ReadingListError
from bot.settings import ConfigError, Settings, load_settings

T = TypeVar("T")


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"paperclub: {message}", err=True)
    raise typer.Exit(code)


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        fail(str(exc))


def configure_logging(settings: Settings, *, quiet: bool = False) -> None:
    from bot import logs

    logs.configure(settings, quiet=quiet)


def run(
    main: Callable[[], Coroutine[Any, Any, T]] | Awaitable[T], *, stdlib_loop: bool = False
) -> T:
    """Run a coroutine on the bot's loop (`bot.eventloop`; the stdlib's with `stdlib_loop`),
    turning known failures into one clear line and exit code 2."""
    try:
        coroutine = main() if callable(main) else main
        return eventloop.run(coroutine, stdlib=stdlib_loop)  # type: ignore[arg-type]
    except (ConfigError, ReadingListError) as exc:
        fail(str(exc))
    except PaperclubError as exc:
        fail(exc.message + (f" {exc.hint}" if exc.hint else ""))
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
