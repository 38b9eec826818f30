"""The three weeks on the console: the dispatcher with the console's renderer, and its posts."""

from __future__ import annotations

from datetime import datetime

from bot.adapters.console.render import render, render_reply
from bot.bootstrap import Services
from bot.core.clock import ManualClock
from bot.core.commands.catalog import Catalog
from bot.core.commands.context import Context
from bot.core.commands.values import word_for
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.ports import Outgoing
from bot.scheduling.wakeups import Wakeups
from tests.scenarios.seeing import Post
from tests.scenarios.weeks import play
from tests.scheduling.harness import run_until

CLUB = ClubKey(Platform.CONSOLE, "local", "console")


def who(name: str, admin: bool) -> Context:
    member = MemberKey(Platform.CONSOLE, "local", name)
    return Context(CLUB, Actor(member, name.title(), admin), "console")


class ConsoleShows:
    """Prints as the console does, keeping the text."""

    def __init__(self) -> None:
        self.shown: list[Post] = []

    async def post(self, message: Outgoing) -> str:
        self.shown.append(Post(str(message.kind), render(message.view)))
        return message.key

    async def find_posted(self, message: Outgoing) -> str | None:
        return None


class ConsoleClub:
    def __init__(self, services: Services, clock: ManualClock, titles: list[str]) -> None:
        self.services, self.clock, self.titles = services, clock, titles
        self.shows = ConsoleShows()
        self.wakeups = Wakeups(services.deps, {Platform.CONSOLE: self.shows})

    async def say(
        self, name: str, options: dict[str, object] | None = None, *, admin: bool = False
    ) -> str:
        spec = Catalog().named(name)
        assert spec is not None, name
        words = [f"/{name}"]
        for option in spec.options:
            if options and option.name in options:
                words.append(
                    str(options[option.name])
                    if option.rest or option.many
                    else word_for(option, options[option.name])
                )
        reply = await self.services.dispatcher.run_text(
            " ".join(words), who("ada" if admin else "max", admin)
        )
        return render_reply(reply)

    async def until(self, when: datetime) -> None:
        await run_until(self.clock, self.wakeups, when)

    def posts(self) -> list[Post]:
        return list(self.shows.shown)


async def test_three_weeks_on_the_console(services: Services, clock: ManualClock) -> None:
    async with services.deps.uow() as uow:
        titles = [p.title for p in await uow.papers.all()]
    await play(ConsoleClub(services, clock, titles))
