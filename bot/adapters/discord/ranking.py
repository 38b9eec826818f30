"""Ranked ballots as a sequence of selects, one rank per step.

Each step's custom_id carries the core's rank command with the ranking so far
(`pcr:/vote rank #12 3 1`); picking the next paper runs it with that paper appended. The core
saves the longer ballot at once (partial rankings are valid ballots) and answers with what it
saved and the poll as it stands, from which the next step is built. Nothing is kept between
steps, so a step left open across a restart still works.
"""

from __future__ import annotations

import re
from typing import Any, cast

import discord

from bot.adapters.discord.bridge import Bridge
from bot.adapters.discord.handlers import DynamicButton, DynamicSelect
from bot.adapters.discord.render_votes import DONE_ID, RANK_PREFIX

RANK_TEMPLATE = re.compile(r"pcr:(?P<command>/[^ ]+(?: [^ ]+)*)")
DONE_TEMPLATE = re.compile(re.escape(DONE_ID))


def ranking_items(bridge: Bridge) -> tuple[type[DynamicSelect], type[DynamicButton]]:
    class RankStep(DynamicSelect, template=RANK_TEMPLATE):
        def __init__(self, command: str) -> None:
            super().__init__(discord.ui.Select(custom_id=RANK_PREFIX + command))
            self.command = command

        @classmethod
        async def from_custom_id(
            cls,
            interaction: discord.Interaction[Any],
            item: discord.ui.Item[Any],
            match: re.Match[str],
            /,
        ) -> RankStep:
            return cls(match["command"])

        async def callback(self, interaction: discord.Interaction[Any]) -> None:
            data = cast(dict[str, Any], interaction.data or {})
            picked = [str(v) for v in data.get("values", []) if str(v).isdigit()]
            line = " ".join([self.command, *picked])
            await bridge.guard(
                interaction,
                bridge.run_line(interaction, line, private=True, always_private=True),
            )

    class DoneButton(DynamicButton, template=DONE_TEMPLATE):
        def __init__(self) -> None:
            super().__init__(discord.ui.Button(custom_id=DONE_ID, label="Done"))

        @classmethod
        async def from_custom_id(
            cls,
            interaction: discord.Interaction[Any],
            item: discord.ui.Item[Any],
            match: re.Match[str],
            /,
        ) -> DoneButton:
            return cls()

        async def callback(self, interaction: discord.Interaction[Any]) -> None:
            # The ballot is saved already; "done" only takes the next step's select away.
            await bridge.guard(interaction, interaction.response.edit_message(view=None))

    return RankStep, DoneButton
