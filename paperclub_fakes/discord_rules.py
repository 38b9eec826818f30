"""What Discord refuses in components, modals, autocomplete answers, application commands and
thread names, with its own numbers (FakeDiscord answers 400 50035 "Invalid Form Body" when any
of these finds a problem). Each check returns the problems, in Discord's form-error style
("components.0.components.1.label: 81 > 80"); empty when Discord would take it.

Sources: discord.com/developers/docs/interactions/message-components (action rows, buttons,
selects, text inputs), /interactions/receiving-and-responding (modal and autocomplete
callbacks), /interactions/application-commands (names, descriptions, options, choices),
/resources/channel#start-thread-from-message (thread names).
"""

from __future__ import annotations

import re
from typing import Any

JSON = dict[str, Any]

# \w stands for Discord's \p{L}\p{N} (plus the Devanagari and Thai marks it also allows).
COMMAND_NAME = re.compile(r"^[-_'\w]{1,32}$")


def _long(path: str, value: Any, limit: int, problems: list[str], *, least: int = 0) -> None:
    if value is None:
        if least:
            problems.append(f"{path}: required")
        return
    if not isinstance(value, str):
        problems.append(f"{path}: not a string")
    elif not least <= len(value) <= limit:
        problems.append(f"{path}: {len(value)} (allowed {least}..{limit})")


def component_problems(rows: list[JSON], path: str = "components") -> list[str]:
    """A message's (or a modal's) action rows: at most 5 rows; per row 5 buttons or one select
    or one text input; labels, ids, urls, options and placeholders within their limits."""
    problems: list[str] = []
    if len(rows) > 5:
        problems.append(f"{path}: {len(rows)} rows (max 5)")
    for r, row in enumerate(rows):
        here = f"{path}.{r}"
        if row.get("type") != 1:
            problems.append(f"{here}: not an action row")
            continue
        inner = row.get("components") or []
        kinds = {c.get("type") for c in inner}
        if not inner or len(inner) > 5 or (kinds != {2} and len(inner) > 1):
            problems.append(f"{here}: {len(inner)} components of types {sorted(kinds)}")
        for c, comp in enumerate(inner):
            problems += _component(comp, f"{here}.components.{c}")
    return problems


def _component(comp: JSON, path: str, *, labelled: bool = False) -> list[str]:
    problems: list[str] = []
    kind = comp.get("type")
    _long(f"{path}.custom_id", comp.get("custom_id"), 100, problems)
    if kind == 2:  # button
        _long(f"{path}.label", comp.get("label"), 80, problems)
        if comp.get("style") == 5:
            _long(f"{path}.url", comp.get("url"), 512, problems, least=1)
        elif not comp.get("custom_id"):
            problems.append(f"{path}.custom_id: required")
    elif kind in (3, 5, 6, 7, 8):  # selects
        _long(f"{path}.placeholder", comp.get("placeholder"), 150, problems)
        options = comp.get("options") or []
        if kind == 3 and not 1 <= len(options) <= 25:
            problems.append(f"{path}.options: {len(options)} (allowed 1..25)")
        for o, option in enumerate(options):
            for key, limit in (("label", 100), ("value", 100), ("description", 100)):
                least = 1 if key != "description" else 0
                _long(f"{path}.options.{o}.{key}", option.get(key), limit, problems, least=least)
        low, high = comp.get("min_values", 1), comp.get("max_values", 1)
        if not 0 <= low <= high <= 25 or (kind == 3 and high > len(options)):
            problems.append(f"{path}: min_values {low}, max_values {high}")
    elif kind == 4:  # text input (modals only)
        # Inside a Label (type 18) the label is the Label's; a bare text input needs its own.
        _long(f"{path}.label", comp.get("label"), 45, problems, least=0 if labelled else 1)
        _long(f"{path}.placeholder", comp.get("placeholder"), 100, problems)
        _long(f"{path}.value", comp.get("value"), 4000, problems)
        if not 0 <= comp.get("min_length", 0) <= comp.get("max_length", 4000) <= 4000:
            problems.append(f"{path}: min_length/max_length out of 0..4000")
    return problems


def modal_problems(data: JSON) -> list[str]:
    """A modal callback (type 9): title 1-45, custom_id 1-100, 1-5 labels (or rows) of one
    input each."""
    problems: list[str] = []
    _long("data.title", data.get("title"), 45, problems, least=1)
    _long("data.custom_id", data.get("custom_id"), 100, problems, least=1)
    rows = data.get("components") or []
    if not 1 <= len(rows) <= 5:
        problems.append(f"data.components: {len(rows)} rows (allowed 1..5)")
    for r, row in enumerate(rows):
        here = f"data.components.{r}"
        if row.get("type") == 18:  # a Label: text 1-45, description up to 100, one component
            _long(f"{here}.label", row.get("label"), 45, problems, least=1)
            _long(f"{here}.description", row.get("description"), 100, problems)
            problems += _component(row.get("component") or {}, f"{here}.component", labelled=True)
        else:
            problems += [
                p.replace("data.components.0", here)
                for p in component_problems([row], "data.components")
            ]
    return problems


def choice_problems(choices: list[JSON], path: str) -> list[str]:
    """Command option choices and autocomplete answers: at most 25, name 1-100, a string
    value at most 100."""
    problems: list[str] = []
    if len(choices) > 25:
        problems.append(f"{path}: {len(choices)} choices (max 25)")
    for n, choice in enumerate(choices):
        _long(f"{path}.{n}.name", choice.get("name"), 100, problems, least=1)
        if isinstance(choice.get("value"), str):
            _long(f"{path}.{n}.value", choice["value"], 100, problems)
    return problems


def command_problems(cmd: JSON, path: str = "0") -> list[str]:
    """One application command (PUT …/commands): name, description, options (at most 25,
    nested for sub-commands), choices; name + description + choices together at most 4,000."""
    problems: list[str] = []
    name = cmd.get("name") or ""
    slash = cmd.get("type", 1) == 1
    if not (COMMAND_NAME.match(name) and (name == name.lower() or not slash)):
        problems.append(f"{path}.name: {name!r} is not a valid command name")
    if slash:
        _long(f"{path}.description", cmd.get("description"), 100, problems, least=1)
    total = len(name) + len(cmd.get("description") or "")
    total += _options(cmd.get("options") or [], f"{path}.options", problems)
    if total > 4000:
        problems.append(f"{path}: {total} characters in all (max 4000)")
    return problems


def _options(options: list[JSON], path: str, problems: list[str]) -> int:
    if len(options) > 25:
        problems.append(f"{path}: {len(options)} options (max 25)")
    total = 0
    for n, option in enumerate(options):
        here = f"{path}.{n}"
        name = option.get("name") or ""
        if not (COMMAND_NAME.match(name) and name == name.lower()):
            problems.append(f"{here}.name: {name!r} is not a valid option name")
        _long(f"{here}.description", option.get("description"), 100, problems, least=1)
        choices = option.get("choices") or []
        problems += choice_problems(choices, f"{here}.choices")
        total += len(name) + len(option.get("description") or "")
        total += sum(len(c.get("name") or "") + len(str(c.get("value"))) for c in choices)
        total += _options(option.get("options") or [], f"{here}.options", problems)
    return total


def thread_name_problems(name: Any) -> list[str]:
    problems: list[str] = []
    _long("name", name, 100, problems, least=1)
    return problems
