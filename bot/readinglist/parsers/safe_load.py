"""YAML and JSON from people we do not trust: no aliases, bounded nesting, one-line errors.

A 611-byte YAML file of nested aliases expands to gigabytes once anything walks it (printing a
title took the bot to 2.85 GB), and deep nesting makes both parsers recurse until they fail. A
reading list needs neither: papers are a list of flat mappings.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import Node

from bot.core.text import t

# papers → entry → summaries/authors → value is four levels; leave room, refuse the absurd.
MAX_DEPTH = 20


class DataError(ValueError):
    """The text is not acceptable YAML/JSON; `str()` is one line for the person who sent it."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases and nesting deeper than MAX_DEPTH.

    Refused while composing, before anything is built, so no expansion ever happens."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, AliasEvent):
            raise DataError(t("YAML aliases (*name) are not accepted in a reading list"), line)
        if getattr(event, "anchor", None) is not None:
            raise DataError(t("YAML anchors (&name) are not accepted in a reading list"), line)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise DataError(
                    t("the YAML is nested more than {depth} levels deep", depth=MAX_DEPTH), line
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def _yaml_error(exc: yaml.YAMLError) -> DataError:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    reason = getattr(exc, "problem", None) or _first_line(exc)
    return DataError(t("not valid YAML: {why}", why=str(reason)), line)


def _loader(text: str) -> _NoAliasLoader:
    try:
        return _NoAliasLoader(text)  # the reader checks every character here
    except yaml.YAMLError as exc:
        raise _yaml_error(exc) from None


def compose_yaml(text: str) -> Node | None:
    """The YAML node tree (for line numbers), under the same rules as load_yaml."""
    loader = _loader(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError as exc:
        raise _yaml_error(exc) from None
    finally:
        loader.dispose()


def load_yaml(text: str) -> Any:
    loader = _loader(text)
    try:
        return loader.get_single_data()
    except DataError:
        raise
    except yaml.YAMLError as exc:
        raise _yaml_error(exc) from None
    except ValueError as exc:  # e.g. an integer longer than Python converts (4,300 digits)
        raise DataError(t("not valid YAML: {why}", why=_first_line(exc))) from None
    finally:
        loader.dispose()


# Brackets, quotes and backslashes: the only characters that decide JSON nesting. One character
# per match, so the scan is linear whatever the text holds.
_JSON_STRUCTURE = re.compile(r'[\[\]{}"\\]')


def json_depth_exceeds(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The line where `text` first nests deeper than `limit`, else None. Strings are skipped,
    so brackets inside titles do not count."""
    depth = 0
    in_string = False
    skip_to = -1  # a backslash in a string escapes the next character
    for match in _JSON_STRUCTURE.finditer(text):
        at = match.start()
        if at < skip_to:
            continue
        char = match.group()
        if in_string:
            if char == "\\":
                skip_to = at + 2
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, at) + 1
        elif char in "]}":
            depth -= 1
    return None


def load_json(text: str) -> Any:
    too_deep = json_depth_exceeds(text)
    if too_deep is not None:
        raise DataError(
            t("the JSON is nested more than {depth} levels deep", depth=MAX_DEPTH), too_deep
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(t("not valid JSON: {why}", why=exc.msg), exc.lineno) from None
    except ValueError as exc:  # e.g. an integer longer than Python converts (4,300 digits)
        raise DataError(t("not valid JSON: {why}", why=_first_line(exc))) from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise DataError(
            t("the JSON is nested more than {depth} levels deep", depth=MAX_DEPTH)
        ) from None
