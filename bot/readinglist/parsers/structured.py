"""YAML or JSON in our own schema: a `ReadingList` mapping or a bare list of entries. Each
entry is validated on its own so one bad paper does not hide the others' problems."""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import ValidationError

from bot.core.text import reason, t
from bot.readinglist.parsers.base import ParseResult, describe_validation_error
from bot.readinglist.parsers.safe_load import DataError, compose_yaml, load_json, load_yaml
from bot.readinglist.schema import PaperEntry, ReadingList

FORMAT_YAML = "yaml"
FORMAT_JSON = "json"


def looks_like_json(text: str) -> bool:
    return text.lstrip().startswith(("{", "["))


def looks_like_yaml(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return bool(lines) and lines[0].startswith(("version:", "papers:", "- id:", "- title:"))


def _load(text: str, fmt: str, result: ParseResult) -> Any:
    try:
        return load_json(text) if fmt == FORMAT_JSON else load_yaml(text)
    except DataError as exc:
        result.problem(reason(exc), line=exc.line)
    return None


def _item_lines(text: str) -> dict[int, int]:
    """Line numbers of the entries in a YAML list, so problems can point at them."""
    try:
        node = compose_yaml(text)
    except DataError:
        return {}
    if isinstance(node, yaml.MappingNode):
        node = next((v for k, v in node.value if getattr(k, "value", None) == "papers"), None)
    if not isinstance(node, yaml.SequenceNode):
        return {}
    return {index: item.start_mark.line + 1 for index, item in enumerate(node.value)}


def _label(index: int, item: Any) -> str:
    # Only a string is shown, and only its start: a title can be any YAML value.
    title = item.get("title") if isinstance(item, dict) else None
    if not isinstance(title, str) or not title.strip():
        return f"papers[{index}]"
    return f"papers[{index}] ({title[:80]!r})"


def parse(text: str, *, source: str, fmt: str = FORMAT_YAML) -> ParseResult:
    result = ParseResult(source=source, format=fmt)
    data = _load(text, fmt, result)
    if result.problems:
        return result
    if isinstance(data, dict):
        unknown = sorted(str(key)[:40] for key in set(data) - {"version", "papers"})
        if unknown:
            keys = ", ".join(unknown[:5])
            if len(unknown) > 5:
                result.problem(
                    t(
                        "unknown top-level keys: {keys} and {more} more",
                        keys=keys,
                        more=len(unknown) - 5,
                    )
                )
            else:
                result.problem(t("unknown top-level keys: {keys}", keys=keys))
        if data.get("version", 1) != 1:
            shown = repr(data.get("version"))[:40]
            result.problem(t("version: {shown} is not supported (expected 1)", shown=shown))
        items = data.get("papers")
    else:
        items = data
    if not isinstance(items, list):
        result.problem(t("expected a list of papers or a mapping with a 'papers' list"))
        return result
    lines = _item_lines(text) if fmt == FORMAT_YAML else {}
    valid: list[PaperEntry] = []
    for index, item in enumerate(items):
        result.attempt()
        if not isinstance(item, dict):
            result.problem(
                t(
                    "papers[{index}]: expected a mapping of fields, got {kind}",
                    index=str(index),
                    kind=type(item).__name__,
                )
            )
            continue
        try:
            valid.append(PaperEntry.model_validate(item))
        except ValidationError as exc:
            for message in describe_validation_error(exc):
                result.problem(
                    t("{label}: {message}", label=_label(index, item), message=message),
                    line=lines.get(index),
                )
    if len(valid) == len(items):
        # Uniqueness is a property of the whole list, so it is checked once all entries are valid.
        try:
            ReadingList(papers=valid)
        except ValidationError as exc:
            for error in exc.errors():
                result.problem(str(error.get("msg", "")).removeprefix("Value error, "))
    result.entries.extend(valid)
    return result


def parse_yaml(text: str, *, source: str) -> ParseResult:
    return parse(text, source=source, fmt=FORMAT_YAML)


def parse_json(text: str, *, source: str) -> ParseResult:
    return parse(text, source=source, fmt=FORMAT_JSON)
