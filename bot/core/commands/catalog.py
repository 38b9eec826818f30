"""The command catalog: finds a command by name (or by the type of its command object), splits
a typed line into its command and words, and explains unknown commands. The commands themselves
are listed in bot/core/commands/listing.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from difflib import get_close_matches
from typing import Any

from bot.core.commands.listing import default_specs
from bot.core.commands.spec import CommandSpec
from bot.core.commands.textparse import split_words
from bot.core.domain.errors import InvalidInput, PaperclubError
from bot.core.text import Text, t
from bot.core.views import HelpEntry

__all__ = ["AnySpec", "Catalog", "CommandSpec"]

AnySpec = CommandSpec[Any, Any]
LONGEST_NAME = 3  # words: "club calendar revoke"
# Lines read before, kept with their command: a burst of votes or clicks is a handful of
# distinct lines ("/vote cast #12 2") sent by many members, each read once instead of per
# member. Short lines only (a member's free text is rarely sent twice), oldest dropped first.
KEPT_LINES = 1024
KEPT_LINE_LENGTH = 100


class Catalog:
    def __init__(self, specs: Sequence[AnySpec] | None = None) -> None:
        self.specs: tuple[AnySpec, ...] = tuple(specs if specs is not None else default_specs())
        self._by_type = {spec.command_type: spec for spec in self.specs}
        self._by_name = {spec.name: spec for spec in self.specs}
        if len(self._by_type) != len(self.specs) or len(self._by_name) != len(self.specs):
            raise ValueError("two commands share a name or a command type")
        self._kept: dict[str, tuple[AnySpec, object]] = {}
        self._raw_specs = tuple(spec for spec in self.specs if spec.raw)
        self._defaults_by_group: dict[str, list[AnySpec]] = {}
        for spec in self.specs:
            if spec.default:
                self._defaults_by_group.setdefault(spec.name.split(" ", 1)[0], []).append(spec)

    def help_entries(self) -> tuple[HelpEntry, ...]:
        # A summary is its own message id: the catalog's extractor (bot/i18n/extract.py) puts
        # every one in the template, so a `Text` of it is said in the club's language.
        return tuple(HelpEntry(s.usage, Text(s.summary), s.admin) for s in self.specs if s.listed)

    def spec_for(self, command: object) -> AnySpec:
        return self._by_type[type(command)]

    def named(self, name: str) -> AnySpec | None:
        """The command called `name` ("club setup"), if there is one."""
        return self._by_name.get(name)

    def split(self, line: str) -> tuple[AnySpec, list[str]]:
        """`/papers attention` (or `papers attention`) → the spec and the words for it, not yet
        read into values: the dispatcher checks who may run it first."""
        spec, words, _ = self._find(line)
        return spec, words

    def find(self, line: str) -> tuple[AnySpec, Callable[[], object]]:
        """The spec for a typed line and how to build its command, called once the dispatcher
        has checked who may run it. A group default's command, already read from the words
        while choosing the default (`/vote 2`), is not read a second time; nor is a line read
        before (only the reading is kept: who may run it is checked each time)."""
        kept = self._kept.get(line)
        if kept is not None:
            command = kept[1]
            return kept[0], lambda: command
        spec, words, built = self._find(line)
        if built is not None:
            self._keep(line, spec, built)
            return spec, lambda: built

        def build() -> object:
            command = spec.from_words(words)
            self._keep(line, spec, command)
            return command

        return spec, build

    def _keep(self, line: str, spec: AnySpec, command: object) -> None:
        """Keep a successful reading of a short line, if its command cannot change: a hashable
        command (a frozen dataclass of strings, numbers, tuples) is safe to hand out again."""
        if len(line) > KEPT_LINE_LENGTH or line in self._kept:
            return
        try:
            hash(command)
        except TypeError:
            return
        if len(self._kept) >= KEPT_LINES:
            del self._kept[next(iter(self._kept))]
        self._kept[line] = (spec, command)

    def _find(self, line: str) -> tuple[AnySpec, list[str], object | None]:
        raw = self._split_raw(line)
        if raw is not None:
            return (*raw, None)
        words = split_words(line.strip())
        if not words:
            raise InvalidInput(t("Type a command, like /paper. /help lists them all."))
        words[0] = words[0].removeprefix("/")
        lowered = [w.casefold() for w in words]
        group = lowered[0]
        # A "#12" right after a group's name pins what its sub-command acts on: buttons write
        # "/vote #12 withdraw", and the sub-command reads it as its first option.
        pin = words[1:2] if len(words) > 1 and words[1].startswith("#") else []
        rest = words[1 + len(pin) :]
        for length in range(min(LONGEST_NAME, len(rest) + 1), 0, -1):
            name = " ".join([group, *(w.casefold() for w in rest[: length - 1])])
            spec = self._by_name.get(name)
            if spec is not None:
                return spec, [*pin, *rest[length - 1 :]], None
        defaults = self._defaults_by_group.get(group)
        if defaults:
            return self._default_for(defaults, words[1:])
        raise self._unknown(lowered)

    def parse(self, line: str) -> object:
        """The command object for a typed line (no rights checked: the dispatcher does that)."""
        spec, words = self.split(line)
        return spec.from_words(words)

    @staticmethod
    def _default_for(
        defaults: list[AnySpec], words: list[str]
    ) -> tuple[AnySpec, list[str], object | None]:
        """The first of a group's defaults that takes these words, with the command read from
        them; if none does, the last one (the most general), whose own error then says what is
        wrong when its command is built."""
        for spec in defaults[:-1]:
            try:
                built = spec.from_words(words)
            except PaperclubError:
                continue
            return spec, words, built
        return defaults[-1], words, None

    def _split_raw(self, line: str) -> tuple[AnySpec, list[str]] | None:
        """A raw command gets everything after its name verbatim (its own use case limits it)."""
        text = line.lstrip().removeprefix("/")
        for spec in self._raw_specs:
            head = text[: len(spec.name)]
            rest = text[len(spec.name) :]
            if " ".join(head.casefold().split()) == spec.name and (not rest or rest[0].isspace()):
                return spec, [rest.strip()]
        return None

    def _unknown(self, words: list[str]) -> InvalidInput:
        groups = self._groups()
        tried = " ".join(words[:2]) if words[0] in groups else words[0]
        close = get_close_matches(tried, [s.name for s in self.specs if s.listed], n=1, cutoff=0.6)
        if words[0] in groups:
            subs = sorted(
                {
                    s.name.split(" ")[1]
                    for s in self.specs
                    if s.listed and s.name.startswith(words[0] + " ")
                }
            )
            hint = t("/{group} takes one of: {subs}.", group=words[0], subs=", ".join(subs))
        elif close:
            hint = t("Did you mean /{command}?", command=close[0])
        else:
            hint = t("Type /help to see every command.")
        shown = tried if len(tried) <= 40 else tried[:40] + "…"
        return InvalidInput(t("I don't know the command /{command}.", command=shown), hint=hint)

    def _groups(self) -> set[str]:
        return {name.split(" ", 1)[0] for name in self._by_name if " " in name}
