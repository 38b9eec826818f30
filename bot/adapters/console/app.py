"""The console club: a terminal chat with the bot.

Interactive on a terminal; when stdin is a pipe it reads commands line by line and exits at the
end of input, so `printf '/paper\n' | paperclub run` works. `/as NAME [admin]` switches which
member you are, so one person can play a whole club.
"""

from __future__ import annotations

import asyncio
import re
import sys
from dataclasses import dataclass
from typing import TextIO

from bot.adapters.console.render import render_reply
from bot.core.commands.context import Context
from bot.core.commands.dispatch import Dispatcher
from bot.core.commands.textparse import check_length
from bot.core.domain.errors import InvalidInput
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.usecases.setup_club import SetupClub

CONSOLE_CLUB = ClubKey(Platform.CONSOLE, "local", "console")
_NAME = re.compile(r"^[\w.\-]{1,32}$")


@dataclass
class ConsoleClub:
    dispatcher: Dispatcher
    club: ClubKey = CONSOLE_CLUB
    club_name: str = "Console paper club"
    member: str = "you"
    is_admin: bool = True  # whoever runs the console is its organiser until they say /as

    def actor(self) -> Actor:
        key = MemberKey(self.club.platform, self.club.workspace_id, self.member.casefold())
        return Actor(key, self.member, self.is_admin)

    def context(self) -> Context:
        return Context(self.club, self.actor(), channel_name=self.club_name)

    async def ensure_club(self) -> str | None:
        """Set the club up from the configured defaults on first run. Returns a greeting."""
        async with self.dispatcher.deps.uow() as uow:
            if await uow.clubs.get(self.club) is not None:
                return None
        organiser = Context(
            self.club, Actor(self.actor().member, self.member, True), self.club_name
        )
        reply = await self.dispatcher.run(SetupClub(name=self.club_name), organiser)
        return render_reply(reply)

    async def handle_line(self, line: str) -> str | None:
        """One line in, the bot's answer out (None for blank lines)."""
        text = line.strip()
        if not text:
            return None
        try:
            check_length(text)
        except InvalidInput as exc:
            return f"✖ {exc.message}\n  {exc.hint}"
        if not text.startswith("/"):
            return "✖ Commands start with a slash, like /paper. Type /help for the list."
        head, _, rest = text[1:].partition(" ")
        if head.casefold() == "as":
            return self._switch(rest.split())
        if head.casefold() == "whoami":
            role = "an admin" if self.is_admin else "a member"
            return f"You are {self.member}, {role}."
        reply = await self.dispatcher.run_text(text, self.context())
        return render_reply(reply)

    def _switch(self, words: list[str]) -> str:
        if not words or len(words) > 2 or (len(words) == 2 and words[1].casefold() != "admin"):
            return "✖ Usage: /as NAME [admin]   e.g. /as alice, or /as bob admin"
        if not _NAME.match(words[0]):
            return "✖ Names are up to 32 letters, digits, dots, dashes or underscores."
        self.member = words[0]
        self.is_admin = len(words) == 2
        role = "an admin" if self.is_admin else "a member"
        return f"You are now {self.member}, {role}."

    async def run(self, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        stdin = stdin or sys.stdin
        stdout = stdout or sys.stdout
        interactive = stdin.isatty()
        greeting = await self.ensure_club()
        if interactive:
            print(f"{self.club_name}. Type /help for commands, /quit to leave.", file=stdout)
        if greeting:
            print(greeting, file=stdout)
        while True:
            if interactive:
                print(f"{self.member}> ", end="", file=stdout, flush=True)
            line = await asyncio.to_thread(stdin.readline)
            if not line:
                break
            if line.strip().casefold() in {"/quit", "/exit"}:
                break
            answer = await self.handle_line(line)
            if answer is not None:
                if not interactive:
                    print(f"> {line.strip()[:200]}", file=stdout)
                print(answer + "\n", file=stdout, flush=True)
