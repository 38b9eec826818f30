"""What the bot knows about one command: its name, help, grammar, handler and typed options."""

from __future__ import annotations

import shlex
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.commands.context import Context, Deps
from bot.core.commands.options import OptionSpec
from bot.core.views import View

Handler = Callable[[Any, Context, Deps], Awaitable[View]]
Parser = Callable[[list[str]], object]


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str  # words after the slash, e.g. "club setup"
    usage: str
    summary: str
    command_type: type
    parse: Parser
    handler: Handler | None  # None: handled by the dispatcher itself (help)
    admin: bool = False
    private: bool = False
    # For a private command, the forms whose answer is news for the whole channel.
    public_when: Callable[[Any], bool] | None = None
    options: tuple[OptionSpec, ...] = ()
    # The parser gets the rest of the line as one untouched string: titles with apostrophes and
    # pasted multi-line lists must not go through shell-style word splitting.
    raw: bool = False
    # For commands with a FILE option: the command object from typed values (files arrive as
    # Upload), since file contents don't belong in a command line.
    build: Callable[[Mapping[str, object]], object] | None = None

    def line_from_options(self, values: Mapping[str, object]) -> str:
        """The command line for typed option values, quoted so the text parser reads them back."""
        words = [
            str(values[option.name]) if self.raw else shlex.quote(str(values[option.name]))
            for option in self.options
            if values.get(option.name) not in (None, "")
        ]
        return " ".join([f"/{self.name}", *words])
