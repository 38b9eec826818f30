"""Components for outgoing messages: buttons and selects whose custom_id carries a command line.

Nothing is kept in memory or on the server per message: the custom_id is the whole state, and one
handler (handlers.py) runs it, so a button works the same before and after a restart.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

import discord

from bot.core.views import Action, ActionStyle
from bot.i18n import say

log = logging.getLogger(__name__)

BUTTON_PREFIX = "pc:"
SELECT_PREFIX = "pcs:"
CUSTOM_ID = 100  # Discord's limit
BUTTON_TEMPLATE = re.compile(r"pc:(?P<command>/.+)", re.DOTALL)
SELECT_TEMPLATE = re.compile(r"pcs:(?P<command>/.+)", re.DOTALL)
ROWS = 5
PER_ROW = 5
SELECT_OPTIONS = 25
OPTION_TEXT = 100

_STYLES = {
    ActionStyle.PRIMARY: discord.ButtonStyle.primary,
    ActionStyle.SECONDARY: discord.ButtonStyle.secondary,
    ActionStyle.SUCCESS: discord.ButtonStyle.success,
    ActionStyle.DANGER: discord.ButtonStyle.danger,
}


class StatelessView(discord.ui.View):
    """A view discord.py never keeps in its store: clicks always go to the handlers.

    Otherwise a click right after sending would be routed to this (callback-less) instance
    while the same click after a restart goes to the handler: two paths where one will do.
    Finished from the start, as well as not dispatchable: discord.py 2.7's
    `InteractionResponse.send_message` stores any view that is not finished, dispatchable or
    not, so every command answered with buttons (/vote open) left its view in the store for
    the life of the process, and every click on those buttons ran it in a task of its own
    besides our handler (one task more per click, ~5% of discord.py's time in a burst).
    """

    def __init__(self) -> None:
        super().__init__(timeout=None)

    def is_dispatchable(self) -> bool:
        return False

    def is_finished(self) -> bool:
        return True


def button_custom_id(command: str) -> str | None:
    custom_id = BUTTON_PREFIX + command
    return custom_id if len(custom_id) <= CUSTOM_ID else None


def select_custom_id(command: str) -> str | None:
    custom_id = SELECT_PREFIX + command
    return custom_id if len(custom_id) <= CUSTOM_ID else None


def action_button(action: Action) -> discord.ui.Button[Any] | None:
    custom_id = button_custom_id(action.command)
    if custom_id is None:
        # The core's action commands must stay short; a silent missing button beats a 400.
        log.error("action command too long for a custom_id", extra={"command": action.command})
        return None
    return discord.ui.Button(
        label=say(action.label)[:80],
        style=_STYLES.get(action.style, discord.ButtonStyle.secondary),
        custom_id=custom_id,
        emoji=action.emoji,
    )


def command_select(
    command: str,
    options: Sequence[tuple[str, str]],
    *,
    placeholder: str,
    max_values: int = 1,
) -> discord.ui.Select[Any] | None:
    """A select whose chosen values are appended to `command` as arguments.

    `options` are (label, value) pairs; a multi-value select appends them in the order chosen,
    which is what a ranked ballot needs.
    """
    custom_id = select_custom_id(command)
    chosen = list(options)[:SELECT_OPTIONS]
    if custom_id is None or not chosen:
        return None
    return discord.ui.Select(
        custom_id=custom_id,
        placeholder=placeholder[:150],
        min_values=1,
        max_values=max(1, min(max_values, len(chosen))),
        options=[
            discord.SelectOption(label=label[:OPTION_TEXT] or value, value=value[:OPTION_TEXT])
            for label, value in chosen
        ],
    )


def build_view(
    actions: Sequence[Action],
    selects: Sequence[discord.ui.Select[Any]] = (),
    buttons: Sequence[discord.ui.Button[Any]] = (),
) -> StatelessView | None:
    """Selects first (one row each), then the actions' buttons and the adapter's own `buttons`,
    within Discord's five rows."""
    if not (actions or selects or buttons):
        # Most answers (a click's "your vote is in") have no components: no View to build,
        # which in discord.py is a future, a lock and a walk of the class's items.
        return None
    view = StatelessView()
    row = 0
    for select in selects[:ROWS]:
        select.row = row
        view.add_item(select)
        row += 1
    buttons = [b for b in (action_button(a) for a in actions) if b is not None] + list(buttons)
    for index, button in enumerate(buttons[: (ROWS - row) * PER_ROW]):
        button.row = row + index // PER_ROW
        view.add_item(button)
    return view if view.children else None
