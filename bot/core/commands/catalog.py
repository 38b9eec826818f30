"""The command catalog: finds a command by name or by the type of its command object, parses a
typed line into a command object, and explains unknown commands. The commands themselves are
listed in bot/core/commands/listing.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import get_close_matches

from bot.core.commands.listing import default_specs
from bot.core.commands.spec import CommandSpec, Handler, Parser
from bot.core.commands.textparse import split_words
from bot.core.domain.errors import InvalidInput
from bot.core.views import HelpEntry

__all__ = ["Catalog", "CommandSpec", "Handler", "Parser"]


class Catalog:
    def __init__(self, specs: Sequence[CommandSpec] | None = None) -> None:
        self.specs = tuple(specs if specs is not None else default_specs())
        self._by_type = {spec.command_type: spec for spec in self.specs}
        self._by_name = {spec.name: spec for spec in self.specs}

    def help_entries(self) -> tuple[HelpEntry, ...]:
        return tuple(HelpEntry(s.usage, s.summary, s.admin) for s in self.specs)

    def spec_for(self, command: object) -> CommandSpec:
        return self._by_type[type(command)]

    def named(self, name: str) -> CommandSpec | None:
        """The command called `name` ("club setup"), if there is one."""
        return self._by_name.get(name)

    def parse(self, line: str) -> object:
        """Turn `/papers attention` (or `papers attention`) into a command object."""
        raw = self._parse_raw(line)
        if raw is not None:
            return raw
        words = split_words(line.strip())
        if not words:
            raise InvalidInput("Type a command, like /paper. /help lists them all.")
        words[0] = words[0].removeprefix("/")
        lowered = [w.casefold() for w in words]
        for length in (2, 1):
            name = " ".join(lowered[:length])
            spec = self._by_name.get(name)
            if spec is not None and len(lowered) >= length:
                return spec.parse(words[length:])
        raise self._unknown(lowered)

    def _parse_raw(self, line: str) -> object | None:
        """A raw command gets everything after its name verbatim (its own use case limits it)."""
        text = line.lstrip().removeprefix("/")
        for spec in self.specs:
            if not spec.raw:
                continue
            head = text[: len(spec.name)]
            rest = text[len(spec.name) :]
            if " ".join(head.casefold().split()) == spec.name and (not rest or rest[0].isspace()):
                return spec.parse([rest.strip()])
        return None

    def _unknown(self, words: list[str]) -> InvalidInput:
        tried = " ".join(words[:2]) if words[0] in self._groups() else words[0]
        close = get_close_matches(tried, list(self._by_name), n=1, cutoff=0.6)
        if words[0] in self._groups():
            subs = sorted(n.split(" ", 1)[1] for n in self._by_name if n.startswith(words[0] + " "))
            hint = f"/{words[0]} takes one of: {', '.join(subs)}."
        else:
            hint = f"Did you mean /{close[0]}?" if close else "Type /help to see every command."
        shown = tried if len(tried) <= 40 else tried[:40] + "…"
        return InvalidInput(f"I don't know the command /{shown}.", hint=hint)

    def _groups(self) -> set[str]:
        return {name.split(" ", 1)[0] for name in self._by_name if " " in name}
