"""/help: what the bot can do."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.views import HelpEntry, HelpView


@dataclass(frozen=True, slots=True)
class ShowHelp:
    topic: str | None = None


def execute_with(entries: tuple[HelpEntry, ...], cmd: ShowHelp, is_admin: bool) -> HelpView:
    shown = tuple(e for e in entries if is_admin or not e.admin)
    if cmd.topic:
        topic = cmd.topic.lstrip("/").casefold()
        matching = tuple(e for e in shown if e.usage.lstrip("/").casefold().startswith(topic))
        if matching:
            return HelpView(entries=matching)
    intro = (
        "I run this channel's paper club: one paper a week, a vote on the next one, "
        "RSVPs and check-ins."
    )
    return HelpView(entries=shown, intro=intro)
