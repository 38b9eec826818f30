"""/help [command]: what the bot can do; members don't see the admin commands."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.commands.context import Context, Help
from bot.core.commands.options import OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.text import t
from bot.core.views import HelpEntry, HelpView
from bot.core.wording import spoken_usage

INTRO = t(
    "I run this channel's paper club: one paper a week, a vote on the next one, "
    "RSVPs and check-ins."
)


def _spoken(entry: HelpEntry) -> HelpEntry:
    return replace(entry, usage=spoken_usage(entry.usage))


@dataclass(frozen=True, slots=True)
class ShowHelp:
    topic: str | None = None

    @classmethod
    def build(cls, values: Values) -> ShowHelp:
        return cls(values.text("topic"))


async def execute(cmd: ShowHelp, ctx: Context, help: Help) -> HelpView:
    shown = tuple(e for e in help.entries if ctx.actor.is_admin or not e.admin)
    if cmd.topic:
        topic = cmd.topic.lstrip("/").casefold()
        matching = tuple(e for e in shown if e.usage.lstrip("/").casefold().startswith(topic))
        if matching:
            return HelpView(entries=tuple(map(_spoken, matching)))
    return HelpView(entries=tuple(map(_spoken, shown)), intro=INTRO)


SPEC = CommandSpec(
    "help",
    "/help [command]",
    "What I can do.",
    ShowHelp,
    ShowHelp.build,
    execute,
    Help,
    private=True,
    options=(OptionSpec("topic", "A command to explain", rest=True),),
)
