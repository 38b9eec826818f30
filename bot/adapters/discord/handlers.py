"""Handlers for clicks, selections and modal forms.

Buttons and selects are matched on the custom_id alone (a button by the `on_interaction`
listener, a select as a `DynamicItem`), so components posted before a restart (or by another
replica) keep working: the state is in the database and the command line the core wrote into
the custom_id, never in this process. A form submits its fields as the command's option
values.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Coroutine
from gettext import NullTranslations
from typing import Any, cast

import discord

from bot.adapters.discord.bridge import Bridge
from bot.adapters.discord.views import BUTTON_TEMPLATE, SELECT_TEMPLATE
from bot.core.commands.catalog import AnySpec
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.planning.calendar import WEEKDAY_NAMES
from bot.i18n import translations
from bot.i18n.extract import OPTION_CONTEXT
from bot.locale import SOURCE_LANGUAGE

DynamicButton = discord.ui.DynamicItem[discord.ui.Button[Any]]
DynamicSelect = discord.ui.DynamicItem[discord.ui.Select[Any]]


def button_clicks(
    bridge: Bridge,
) -> Callable[[discord.Interaction[Any]], Coroutine[Any, Any, None]]:
    """The `on_interaction` listener that runs clicks on the bot's buttons (`pc:` + a line).

    Not a DynamicItem: for each click discord.py would first rebuild a View of every component
    on the clicked message (a poll's buttons, one object graph per click) only to find the
    button whose custom_id the interaction already names: a fifth of discord.py's time in a
    profile of a burst of clicks. The custom_id is all a click needs."""

    async def on_interaction(interaction: discord.Interaction[Any]) -> None:
        if interaction.type is not discord.InteractionType.component:
            return
        data = cast(dict[str, Any], interaction.data or {})
        if data.get("component_type") != discord.ComponentType.button.value:
            return
        match = BUTTON_TEMPLATE.fullmatch(str(data.get("custom_id", "")))
        if match is None:
            return
        # A click's answer concerns the member who clicked, so it is always ephemeral.
        work = bridge.run_line(
            interaction, match["command"], private=True, always_private=True, button=True
        )
        await bridge.guard(interaction, work)

    return on_interaction


def dynamic_items(bridge: Bridge) -> tuple[type[DynamicSelect]]:
    """The select handler class, bound to `bridge` (built per client: no module-level state)."""

    class CommandSelect(DynamicSelect, template=SELECT_TEMPLATE):
        def __init__(self, command: str) -> None:
            super().__init__(discord.ui.Select(custom_id=f"pcs:{command}"))
            self.command = command

        @classmethod
        async def from_custom_id(
            cls,
            interaction: discord.Interaction[Any],
            item: discord.ui.Item[Any],
            match: re.Match[str],
            /,
        ) -> CommandSelect:
            return cls(match["command"])

        async def callback(self, interaction: discord.Interaction[Any]) -> None:
            data = cast(dict[str, Any], interaction.data or {})
            values = [str(v) for v in data.get("values", [])]
            line = " ".join([self.command, *(shlex.quote(v) for v in values)])
            work = bridge.run_line(interaction, line, private=True, always_private=True)
            await bridge.guard(interaction, work)

    return (CommandSelect,)


# Modal forms: a guided way to fill a command's options (Discord allows five inputs).
FORM_INPUTS = 5
_WEEKDAY_VALUES = [name.casefold()[:3] for name in WEEKDAY_NAMES]


def _input(option: OptionSpec, tr: NullTranslations) -> discord.ui.Item[Any]:
    """One input, labelled in the member's language (the catalog's option names, descriptions
    and day names, as the slash menu shows them)."""
    name = tr.pgettext(OPTION_CONTEXT, option.name).capitalize()[:45]
    description = tr.gettext(option.description)
    if option.kind in (OptionKind.WEEKDAY, OptionKind.CHOICE):
        if option.kind == OptionKind.WEEKDAY:
            days = [tr.gettext(day) for day in WEEKDAY_NAMES]
            choices = list(zip(days, _WEEKDAY_VALUES, strict=True))
        else:
            choices = [(c, c) for c in option.choices[:25]]
        select: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=option.name,
            required=option.required,
            min_values=0 if not option.required else 1,
            max_values=1,
            options=[discord.SelectOption(label=label, value=value) for label, value in choices],
        )
        return discord.ui.Label(text=name, description=description[:100], component=select)
    text: discord.ui.TextInput[Any] = discord.ui.TextInput(
        custom_id=option.name,
        required=option.required,
        placeholder=description[:100],
        max_length=200,
    )
    return discord.ui.Label(text=name, component=text)


class CommandForm(discord.ui.Modal):
    """A modal with one input per option; submitting runs the command with what was entered.

    Empty inputs are left out, so they mean what leaving the option out of a typed command
    means (for /club setup: keep the current value, or the default for a new club).
    """

    def __init__(self, bridge: Bridge, spec: AnySpec, language: str = SOURCE_LANGUAGE) -> None:
        super().__init__(title=f"/{spec.name}"[:45], custom_id=f"pcf:{spec.name}"[:100])
        self.bridge = bridge
        self.spec = spec
        tr = translations(language)
        for option in [o for o in spec.options if not o.hidden][:FORM_INPUTS]:
            self.add_item(_input(option, tr))

    def values(self) -> dict[str, object]:
        found: dict[str, object] = {}
        for label in self.children:
            inner = getattr(label, "component", label)
            if isinstance(inner, discord.ui.TextInput):
                found[str(inner.custom_id)] = inner.value.strip()
            elif isinstance(inner, discord.ui.Select) and inner.values:
                found[str(inner.custom_id)] = inner.values[0]
        return found

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await self.bridge.guard(interaction, self._submit(interaction))

    async def _submit(self, interaction: discord.Interaction[Any]) -> None:
        await self.bridge.run_values(
            interaction, self.spec, self.values(), private=self.spec.private
        )
