"""Modals as forms for command lines: each input is one word of the command it submits.

A form is built from a command's typed options (or given fields, e.g. ranked-poll selects); its
submission is turned back into a command line and parsed by the catalog like anything typed, so
the core's own parser decides which field is wrong. The one check the parser can't make across
fields, the same paper picked twice on a ranked ballot, is made here for `distinct` forms.

A form is built inside `speaking(language)` (the club's, or the member's for a ballot): its
title, labels and buttons are said then, and the language rides in the modal's metadata, so the
errors of its submission are said in it too.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.adapters.slack.text import SURFACE_BLOCK_LIMIT, Block, safe
from bot.core.commands.catalog import AnySpec, Catalog
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.domain.clubs import WEEKDAY_NAMES
from bot.core.domain.errors import PaperclubError
from bot.core.views import Choice
from bot.i18n import _, current_language, say, speaking, translations

CALLBACK_ID = "pc_modal"
_ERROR_LIMIT = 150
_OPTION_TEXT_LIMIT = 75
_CHECKBOXES_LIMIT = 10  # Slack's limit; longer lists become a multi-select


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # the input's block_id; also the order of words in the command line
    label: str
    choices: tuple[Choice, ...] = ()  # a select when given, else a text input
    required: bool = False
    multiline: bool = False
    placeholder: str = ""
    multiple: bool = False  # checkboxes: each ticked value becomes one word
    initial: tuple[str, ...] = ()  # values selected when the form opens (e.g. your ballot)
    file: bool = False  # a file upload (Slack's file_input)


@dataclass(frozen=True, slots=True)
class Form:
    command: str  # e.g. "/club setup"
    title: str
    fields: tuple[Field, ...]
    submit: str = ""  # "Submit", in the form's language
    distinct: bool = False  # no two fields may hold the same value


def _catalog(text: str) -> str:
    """A command catalog's text (a summary, an option's description, a day's name) in the
    language being spoken: the catalog's own messages, extracted with the command list."""
    return translations(current_language()).gettext(text)


def field_for(option: OptionSpec, *, multiline: bool = False) -> Field:
    label = _catalog(option.description)
    if option.kind is OptionKind.FILE:
        return Field(option.name, label, required=option.required, file=True)
    choices: tuple[Choice, ...] = ()
    if option.kind is OptionKind.WEEKDAY:
        choices = tuple(Choice(_catalog(name), name.casefold()) for name in WEEKDAY_NAMES)
    elif option.choices:
        choices = tuple(Choice(c, c) for c in option.choices)
    return Field(option.name, label, choices, option.required, multiline=multiline)


def form_for(spec: AnySpec, fallback: Sequence[Field] = ()) -> Form:
    # A raw command's text is free text (a pasted reading list): give it room.
    fields = tuple(field_for(o, multiline=spec.raw) for o in spec.options if not o.hidden) or tuple(
        fallback
    )
    return Form(f"/{spec.name}", _catalog(spec.summary).rstrip("."), fields)


def ranked_form(
    command: str,
    title: str,
    choices: Sequence[Choice],
    slots: int,
    initial: Sequence[str] = (),
) -> Form:
    """Ordered selects for a ranked ballot: the command gets the chosen values in rank order.

    `initial` is the member's current ranking, so changing a ballot starts from it."""
    fields = tuple(
        Field(
            f"rank_{n}",
            _("Choice {n}").format(n=n),
            tuple(choices),
            required=n == 1,
            initial=tuple(initial[n - 1 : n]),
        )
        for n in range(1, min(slots, len(choices)) + 1)
    )
    return Form(command, title, fields, submit=_("Vote"), distinct=True)


def view(form: Form, channel_id: str, channel_name: str = "") -> dict[str, Any]:
    """A `views.open` payload; the channel rides along, as a modal has none of its own."""
    metadata = json.dumps(
        {
            "command": form.command,
            "channel": channel_id,
            "channel_name": channel_name[:200],
            "distinct": form.distinct,
            "language": current_language(),
        }
    )
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": metadata,
        "title": {"type": "plain_text", "text": safe(form.title, 24) or _("Paper club")},
        "submit": {"type": "plain_text", "text": safe(form.submit or _("Submit"), 24)},
        "close": {"type": "plain_text", "text": _("Cancel")},
        "blocks": [_input(f) for f in form.fields],
    }


NOTICE_CALLBACK_ID = "pc_notice"


def notice(title: str, blocks: Sequence[Block]) -> dict[str, Any]:
    """A modal that only shows something (a form's refusal, a ballot's error): Close, no
    submit. What a modal opened at once becomes once the answer is known (views.update)."""
    return {
        "type": "modal",
        "callback_id": NOTICE_CALLBACK_ID,
        "title": {"type": "plain_text", "text": safe(title, 24) or _("Paper club")},
        "close": {"type": "plain_text", "text": _("Close")},
        "blocks": list(blocks)[:SURFACE_BLOCK_LIMIT],
    }


def loading(title: str, what: str | None = None) -> dict[str, Any]:
    """Opened while the form's content is still being read (a ballot starts from the member's
    own): the trigger id expires 3 s after the click, the view id does not. `what`: what is
    under way instead of opening (a submitted import reading its file)."""
    text = {"type": "mrkdwn", "text": f"_{what or _('Opening…')}_", "verbatim": True}
    return notice(title, [{"type": "section", "text": text}])


def _input(field: Field) -> Block:
    element: Block
    if field.file:
        element = {"type": "file_input", "action_id": "value", "max_files": 1}
    elif field.choices:
        options = [
            {
                "text": {"type": "plain_text", "text": safe(c.label, _OPTION_TEXT_LIMIT)},
                "value": c.value[:150],
            }
            for c in field.choices[:100]
        ]
        # Slack wants initial options to be exactly (text and value) among the options.
        chosen = [o for value in field.initial for o in options if o["value"] == value]
        if field.multiple:
            kind = "checkboxes" if len(options) <= _CHECKBOXES_LIMIT else "multi_static_select"
            element = {"type": kind, "action_id": "value", "options": options}
            if chosen:
                element["initial_options"] = chosen
        else:
            element = {"type": "static_select", "action_id": "value", "options": options}
            if chosen:
                element["initial_option"] = chosen[0]
    else:
        element = {"type": "plain_text_input", "action_id": "value", "multiline": field.multiline}
    if field.placeholder:
        element["placeholder"] = {"type": "plain_text", "text": safe(field.placeholder, 150)}
    return {
        "type": "input",
        "block_id": field.name,
        "label": {"type": "plain_text", "text": safe(field.label, 2000)},
        "optional": not field.required,
        "element": element,
    }


@dataclass(frozen=True, slots=True)
class Submission:
    command: str
    channel_id: str
    channel_name: str
    values: tuple[tuple[str, str], ...]  # (block_id, value) in form order
    distinct: bool = False
    files: tuple[tuple[str, Mapping[str, Any]], ...] = ()  # (block_id, Slack file object)
    language: str = "en"  # the form's: its errors are said in it

    def line(self, only: str | None = None) -> str:
        words = [shlex.quote(v) for name, v in self.values if v and (only in (None, name))]
        return " ".join([self.command, *words])


def submission(payload_view: Mapping[str, Any]) -> Submission:
    metadata = json.loads(payload_view.get("private_metadata") or "{}")
    state: Mapping[str, Mapping[str, Any]] = payload_view.get("state", {}).get("values", {})
    values = []
    files: list[tuple[str, Mapping[str, Any]]] = []
    for block in payload_view.get("blocks") or [{"block_id": b} for b in state]:
        block_id = str(block.get("block_id", ""))
        element = state.get(block_id, {}).get("value") or {}
        if "files" in element:  # file_input: the files go beside the command line
            files += [(block_id, f) for f in element["files"] or [] if isinstance(f, Mapping)]
            continue
        if "selected_options" in element:  # checkboxes and multi-selects: one word per value
            ticked = [str(o.get("value") or "").strip() for o in element["selected_options"]]
            values += [(block_id, v) for v in ticked if v]
            continue
        selected = element.get("selected_option") or {}
        value = selected.get("value") if selected else element.get("value")
        values.append((block_id, str(value or "").strip()))
    return Submission(
        str(metadata.get("command", "")),
        str(metadata.get("channel", "")),
        str(metadata.get("channel_name", "")),
        tuple(values),
        bool(metadata.get("distinct")),
        tuple(files),
        str(metadata.get("language") or "en"),
    )


def field_errors(catalog: Catalog, sub: Submission) -> dict[str, str]:
    """Errors by block_id, found by the catalog's parser, in the form's language; empty when
    the whole line parses."""
    with speaking(sub.language):
        return _field_errors(catalog, sub)


def _field_errors(catalog: Catalog, sub: Submission) -> dict[str, str]:
    repeated = _repeats(sub) if sub.distinct else {}
    if repeated:
        return repeated
    try:
        catalog.parse(sub.line())
        return {}
    except PaperclubError as whole:
        problem = whole
    errors: dict[str, str] = {}
    for name, value in sub.values:
        if not value:
            continue
        try:
            catalog.parse(sub.line(only=name))
        except PaperclubError as exc:
            errors[name] = say(exc.message)[:_ERROR_LIMIT]
    if not errors and sub.values:
        errors[sub.values[0][0]] = say(problem.message)[:_ERROR_LIMIT]
    return errors


def _repeats(sub: Submission) -> dict[str, str]:
    """A later field repeating an earlier one's value, e.g. the same paper ranked twice."""
    seen: set[str] = set()
    errors: dict[str, str] = {}
    for name, value in sub.values:
        if value in seen:
            errors[name] = _("Already chosen above; choose each one once.")
        elif value:
            seen.add(value)
    return errors
