"""YAML or JSON in our own schema: a `ReadingList` mapping or a bare list of entries. Each
entry is validated on its own so one bad paper does not hide the others' problems."""

from __future__ import annotations

import json
from typing import Any

import yaml
from pydantic import ValidationError

from bot.readinglist.parsers.base import ParseResult, describe_validation_error
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
        if fmt == FORMAT_JSON:
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        result.problem(f"not valid JSON: {exc.msg}", line=exc.lineno)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        result.problem(f"not valid YAML: {reason}", line=line)
    return None


def _item_lines(text: str) -> dict[int, int]:
    """Line numbers of the entries in a YAML list, so problems can point at them."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    if isinstance(node, yaml.MappingNode):
        node = next((v for k, v in node.value if getattr(k, "value", None) == "papers"), None)
    if not isinstance(node, yaml.SequenceNode):
        return {}
    return {index: item.start_mark.line + 1 for index, item in enumerate(node.value)}


def _label(index: int, item: Any) -> str:
    title = item.get("title") if isinstance(item, dict) else None
    return f"papers[{index}] ({title!r})" if title else f"papers[{index}]"


def parse(text: str, *, source: str, fmt: str = FORMAT_YAML) -> ParseResult:
    result = ParseResult(source=source, format=fmt)
    data = _load(text, fmt, result)
    if result.problems:
        return result
    if isinstance(data, dict):
        unknown = sorted(set(data) - {"version", "papers"})
        if unknown:
            result.problem(f"unknown top-level keys: {', '.join(map(str, unknown))}")
        if data.get("version", 1) != 1:
            result.problem(f"version: {data.get('version')!r} is not supported (expected 1)")
        items = data.get("papers")
    else:
        items = data
    if not isinstance(items, list):
        result.problem("expected a list of papers or a mapping with a 'papers' list")
        return result
    lines = _item_lines(text) if fmt == FORMAT_YAML else {}
    valid: list[PaperEntry] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            result.problem(
                f"papers[{index}]: expected a mapping of fields, got {type(item).__name__}"
            )
            continue
        try:
            valid.append(PaperEntry.model_validate(item))
        except ValidationError as exc:
            for message in describe_validation_error(exc):
                result.problem(f"{_label(index, item)}: {message}", line=lines.get(index))
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
