"""`paperclub demo`: a console club played week by week on a simulated clock, in seconds.

A fresh temporary SQLite database, the real scheduler and outbox, the console poster, and four
simulated members who RSVP, check in and vote through the same text commands a person types.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path
from typing import TextIO

from bot.adapters.console.app import CONSOLE_CLUB
from bot.adapters.console.render import render, render_reply
from bot.bootstrap import Services, build_services
from bot.core.clock import ManualClock
from bot.core.commands.catalog import Catalog
from bot.core.commands.context import Context
from bot.core.domain.errors import PaperclubError
from bot.core.domain.ids import Actor, MemberKey, Platform
from bot.core.planning.calendar import format_local, local_to_utc, zone_or_error
from bot.core.ports import Outgoing
from bot.core.usecases.setup_club import SetupClub
from bot.core.views import PollView, View
from bot.i18n import say, speaking
from bot.scheduling.wakeups import Wakeups, config_from
from bot.settings import ClubDefaults, Settings

# A fixed Monday, so every run of the demo tells the same story.
START_DAY = date(2026, 11, 23)
RULE = ("wednesday", "18:00")


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    rsvp: str  # going | maybe | no
    attends: bool
    favourite: int  # the candidate number they vote for


MEMBERS = (
    Member("alice", "going", True, 2),
    Member("bob", "going", True, 2),
    Member("chen", "maybe", True, 1),
    Member("dara", "no", False, 3),
)


@dataclass
class DemoPoster:
    """The console poster's output, stamped with the simulated time; keeps what it posted."""

    clock: ManualClock
    zone: str
    out: TextIO
    posted: list[Outgoing] = field(default_factory=list)

    async def post(self, message: Outgoing) -> str:
        self.posted.append(message)
        when = format_local(self.clock.now(), self.zone)
        with speaking(message.language):
            print(f"\n📣 {say(when)} · {message.kind}\n{render(message.view)}", file=self.out)
            if message.late_note:
                print(f"({say(message.late_note)})", file=self.out)
        return message.key

    async def find_posted(self, message: Outgoing) -> str | None:
        return next((m.key for m in self.posted if m.key == message.key), None)


def _supported(line: str) -> bool:
    """True once the command exists (voting and attendance arrived in their own issue)."""
    try:
        Catalog().parse(line)
    except PaperclubError:
        return False
    return True


class Demo:
    def __init__(self, services: Services, clock: ManualClock, zone: str, out: TextIO) -> None:
        self.services = services
        self.clock = clock
        self.zone = zone
        self.out = out
        self.poster = DemoPoster(clock, zone, out)
        posters = {Platform.CONSOLE: self.poster}
        self.wakeups = Wakeups(services.deps, posters, config_from(services.settings))

    def context(self, name: str, admin: bool = False) -> Context:
        member = MemberKey(Platform.CONSOLE, CONSOLE_CLUB.workspace_id, name)
        return Context(CONSOLE_CLUB, Actor(member, name.title(), admin), "Demo paper club")

    async def say(self, name: str, line: str) -> str:
        reply = await self.services.dispatcher.run_text(line, self.context(name))
        first = render_reply(reply).splitlines()[0]
        print(f"   {name} › {line}   → {first}", file=self.out)
        return first

    async def react(self, message: Outgoing) -> None:
        """What the simulated members do when they see a post."""
        view: View = message.view
        commands = [a.command for a in getattr(view, "actions", ())]
        if message.kind == "announcement":
            for member in MEMBERS:
                line = next((c for c in commands if c.startswith(f"/rsvp {member.rsvp} ")), None)
                if line and _supported(line):
                    await self.say(member.name, line)
        elif message.kind == "start":
            line = next((c for c in commands if c.startswith("/attend")), None)
            for member in MEMBERS:
                if member.attends and line and _supported(line):
                    await self.say(member.name, line)
        elif message.kind == "vote_open" and isinstance(view, PollView):
            for member in MEMBERS:
                number = min(member.favourite, len(view.candidates))
                if _supported(f"/vote {number}"):
                    await self.say(member.name, f"/vote {number}")

    async def play(self, weeks: int) -> None:
        organiser = self.context("organiser", admin=True)
        setup = await self.services.dispatcher.run(SetupClub(name="Demo paper club"), organiser)
        print(render_reply(setup), file=self.out)
        end = self.clock.now() + timedelta(weeks=weeks)
        seen = 0
        for _ in range(weeks * 50):
            await self.wakeups.tick()
            for message in self.poster.posted[seen:]:
                await self.react(message)
            seen = len(self.poster.posted)
            wake = self.wakeups.next_wake
            if wake is None or wake > end:
                break
            self.clock.set(max(wake, self.clock.now()))
        self.clock.set(end)
        print(f"\n── {weeks} week(s) later: {format_local(end, self.zone)} ──", file=self.out)
        for line in ("/paper", "/stats club"):
            if _supported(line):
                reply = await self.services.dispatcher.run_text(line, self.context("alice"))
                print(render_reply(reply), file=self.out)


async def play(
    weeks: int, zone: str, out: TextIO, settings_for: Callable[[str], Settings] | None = None
) -> int:
    """Play `weeks` weeks of a club meeting Wednesdays 18:00 in `zone`; returns posts made."""
    tz = zone_or_error(zone)
    start = local_to_utc(START_DAY, time(9, 0), tz)
    clock = ManualClock(start)
    with tempfile.TemporaryDirectory(prefix="paperclub-demo-") as folder:
        url = f"sqlite:///{Path(folder) / 'demo.sqlite3'}"
        settings = (settings_for or _settings)(url).model_copy(
            update={"club_defaults": ClubDefaults(weekday=RULE[0], time=RULE[1], timezone=tz.key)}
        )
        services = await build_services(settings, clock=clock)
        try:
            print(
                f"A simulated paper club, {format_local(start, tz.key)} onwards "
                f"({weeks} week(s) in seconds). Members: " + ", ".join(m.name for m in MEMBERS),
                file=out,
            )
            demo = Demo(services, clock, tz.key, out)
            await demo.play(weeks)
            return len(demo.poster.posted)
        finally:
            await services.close()


def _settings(url: str) -> Settings:
    return Settings(database_url=url, http_port=0, log_level="WARNING")
