"""The management page's forms: read within a size bound, and each turned into the chat
command it stands for, with the command's own option names.

A form names one of ACTIONS; only the fields that action's command takes are passed on, so a
form can do nothing a typed command could not.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from aiohttp import web

from bot.core.usecases.club_manage import PROMPTS_LIMIT, SUMMARY_LIMIT

# The longest field is a summary or a list of prompts, at most LONGEST characters (the edit
# boxes' maxlength, what /paper edit takes). A browser sends each character as at most 4 bytes
# of UTF-8, each byte URL-encoded as "%XX": 12 bytes a character (a Korean summary's 3-byte
# syllables take 9). The other fields (the CSRF token, the action, numbers, an id) fit in OTHERS.
LONGEST = max(SUMMARY_LIMIT, PROMPTS_LIMIT)
OTHERS = 2 * 1024
MAX_FORM = 12 * LONGEST + OTHERS
MAX_FIELDS = 12

ACTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    # A paper's forms name it by its id as well as the number the page showed it with, so they
    # act on that paper however the queue shifted since the page was loaded.
    "move": ("papers move", ("number", "to", "paper_id")),
    "remove": ("papers remove", ("number", "paper_id")),
    "pin": ("papers pin", ("number", "session", "paper_id")),
    "edit": ("paper edit", ("paper", "part", "text", "paper_id")),
    "assign": ("present assign", ("session", "member")),
    "clear": ("present clear", ("session",)),
    "set": ("club set", ("setting", "value")),
}
# The field of each action an admin types into (the others are the page's own), which a form
# not saved is shown again with, to send once more.
TYPED = {"edit": "text", "pin": "session", "assign": "member", "set": "value"}


class FormTooLarge(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Form:
    csrf: str
    command: str | None  # the chat command's name; None for an action nobody offers
    values: dict[str, str]
    action: str = ""  # the form's own name for it (ACTIONS), to post it again


async def read_form(request: web.Request) -> Form:
    """The posted form, or FormTooLarge past MAX_FORM bytes (read no further than that)."""
    if request.content_length is not None and request.content_length > MAX_FORM:
        raise FormTooLarge()
    body = await request.content.read(MAX_FORM + 1)
    if len(body) > MAX_FORM:
        raise FormTooLarge()
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError) as exc:
        raise FormTooLarge() from exc
    fields: dict[str, str] = {}
    for name, value in pairs:
        fields.setdefault(name, value)  # the first of a repeated field, as browsers send one
    action = ACTIONS.get(fields.get("action", ""))
    if action is None:
        return Form(fields.get("csrf", ""), None, {})
    command, names = action
    if command == "present assign" and not fields.get("member", "").strip():
        command, names = ACTIONS["clear"]  # an emptied presenter field clears the session
    values = {n: fields[n] for n in names if n in fields}
    return Form(fields.get("csrf", ""), command, values, fields["action"])
