"""What the bot knows about one command: its name, help, options, how its typed object is built
and which use case runs it with which ports.

`CommandSpec[C, P]` ties a command type `C` to its builder and its handler, and the handler to
the port bundle `P` it is handed, so a spec whose parts disagree does not type-check.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.core.commands.context import Context
from bot.core.commands.options import OptionSpec
from bot.core.commands.values import Raw, Values, from_given, line_for, positional
from bot.core.views import Reply, View

C = TypeVar("C")
P = TypeVar("P")

# A free-form text grammar, for the few commands whose words can't be read in option order
# (setup's parts in any order): the words → raw values by option name.
Grammar = Callable[[Sequence[str]], Mapping[str, Raw]]


@dataclass(frozen=True, slots=True)
class CommandSpec(Generic[C, P]):
    name: str  # the words after the slash, e.g. "club setup"
    usage: str
    summary: str
    command_type: type[C]
    build: Callable[[Values], C]
    handler: Callable[[C, Context, P], Awaitable[View | Reply]]
    ports: type[P]  # the bundle the handler is handed, wired once (see context.Deps)
    admin: bool = False
    private: bool = False  # the answer is for the member who asked only
    options: tuple[OptionSpec, ...] = ()
    # In a command line, everything after the name verbatim, as the first option's value:
    # titles with apostrophes and pasted lists must not go through shell-style word splitting.
    raw: bool = False
    grammar: Grammar | None = None
    # A group's default: "/vote 3 1 2" (no sub-command named) runs the first default spec of
    # the group that takes those words.
    default: bool = False
    listed: bool = True  # False: reached from the bot's own buttons only (not in /help)

    def from_words(self, words: Sequence[str]) -> C:
        """The command from typed words (console, Slack, the bot's own command lines)."""
        if self.raw:
            first = next(o for o in self.options if not o.hidden)
            text = words[0] if words else ""
            return self.from_values({first.name: text} if text.strip() else {})
        raw = (
            self.grammar(words)
            if self.grammar is not None
            else positional(self.options, words, self.name, self.usage)
        )
        return self.from_values(raw)

    def from_values(self, given: Mapping[str, Raw]) -> C:
        """The command from values by option name (Discord's typed options, form fields)."""
        return self.build(from_given(self.options, given, self.usage))

    def line(self, command: C) -> str:
        """The compact command line a button carries for `command`; `from_words` reads it back."""
        return line_for(self.name, self.options, command)
