"""Ranked ballots (IRV, Schulze) as a sequence of selects, one rank per step.

Each step's custom_id carries the ranking so far (`pcr:/vote #12 3 1`); picking the next paper
saves the longer ballot at once (partial rankings are valid ballots) and answers with the next
step, built from the poll as the core now shows it. Nothing is kept between steps, so a step
left open across a restart still works.
"""

from __future__ import annotations

import re
from typing import Any, cast

import discord

from bot.adapters.discord.bridge import Bridge
from bot.adapters.discord.handlers import DynamicButton, DynamicSelect
from bot.adapters.discord.render_votes import DONE_ID, RANK_PREFIX
from bot.core.views import ErrorView, Reply

RANK_TEMPLATE = re.compile(r"pcr:(?P<command>/vote #(?P<poll>\d+)(?: \d+)*)")
DONE_TEMPLATE = re.compile(re.escape(DONE_ID))


def ranking_items(bridge: Bridge) -> tuple[type[DynamicSelect], type[DynamicButton]]:
    class RankStep(DynamicSelect, template=RANK_TEMPLATE):
        def __init__(self, command: str, poll_id: int) -> None:
            super().__init__(discord.ui.Select(custom_id=RANK_PREFIX + command))
            self.command = command
            self.poll_id = poll_id

        @classmethod
        async def from_custom_id(
            cls,
            interaction: discord.Interaction[Any],
            item: discord.ui.Item[Any],
            match: re.Match[str],
            /,
        ) -> RankStep:
            return cls(match["command"], int(match["poll"]))

        async def callback(self, interaction: discord.Interaction[Any]) -> None:
            data = cast(dict[str, Any], interaction.data or {})
            picked = [str(v) for v in data.get("values", []) if str(v).isdigit()]
            ctx = bridge.context(interaction)

            async def work() -> Reply:
                saved = await bridge.dispatcher.run_text(" ".join([self.command, *picked]), ctx)
                if isinstance(saved.view, ErrorView):
                    return Reply(saved.view, private=True)
                # The poll as it stands now: "your ballot" and the next step's candidates.
                shown = await bridge.dispatcher.run_text(f"/vote #{self.poll_id}", ctx)
                return Reply(saved.view, private=True, extra=(shown.view,))

            await bridge.guard(interaction, bridge.answer(interaction, work(), private=True))

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
