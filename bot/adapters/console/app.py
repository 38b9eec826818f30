"""The console club: a terminal chat with the bot.

Interactive on a terminal (line editing and history; Ctrl-C or Ctrl-D leaves); when stdin is a
pipe it reads commands line by line and exits at the end of input, so
`printf '/paper\n' | paperclub run` works. `/as NAME [admin]` switches which
member you are, so one person can play a whole club.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
from collections.abc import Awaitable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, TypeVar

from bot.adapters.console import paste
from bot.adapters.console.lines import (
    LineSource,
    PipeLines,
    StreamLines,
    TerminalLines,
    fileno,
    is_terminal,
)
from bot.adapters.console.render import render_reply
from bot.core.commands.context import Context
from bot.core.commands.dispatch import Dispatcher
from bot.core.commands.textparse import check_length
from bot.core.domain.errors import InvalidInput
from bot.core.domain.ids import Actor, ClubKey, MemberKey, Platform
from bot.core.text import t
from bot.core.usecases import import_papers
from bot.core.usecases.setup_club import ensure_club
from bot.core.views import Reply
from bot.i18n import say, speaking
from bot.locale import SOURCE_LANGUAGE

T = TypeVar("T")

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
        organiser = Context(
            self.club, Actor(self.actor().member, self.member, True), self.club_name
        )
        founding = self.dispatcher.deps.founding
        greeting = await ensure_club(organiser, self.club_name, founding)
        if greeting is None:
            return None
        return render_reply(Reply(greeting, language=await self.language()))

    async def language(self) -> str:
        """The club's language, which the console's own answers are said in too."""
        async with self.dispatcher.deps.store.reader() as uow:
            club = await uow.clubs.get(self.club)
        return club.settings.language if club is not None else SOURCE_LANGUAGE

    async def _said(self, text: str, hint: str | None = None, *, error: bool = False) -> str:
        with speaking(await self.language()):
            said = f"✖ {say(text)}" if error else say(text)
            return f"{said}\n  {say(hint)}" if hint else said

    async def handle_line(self, line: str) -> str | None:
        """One line in, the bot's answer out (None for blank lines)."""
        text = line.strip()
        if not text:
            return None
        path = paste.file_argument(text)
        if path is not None:
            return await self.import_file(path)
        try:
            check_length(text)
        except InvalidInput as exc:
            return await self._said(exc.message, exc.hint, error=True)
        if not text.startswith("/"):
            slash = t("Commands start with a slash, like /paper. Type /help for the list.")
            return await self._said(slash, error=True)
        head, _, rest = text[1:].partition(" ")
        if head.casefold() == "as":
            switched = self._switch(rest.split())
            return await self._said(switched, error=switched != self._who(now=True))
        if head.casefold() == "whoami":
            return await self._said(self._who(now=False))
        reply = await self.dispatcher.run_text(text, self.context())
        return render_reply(reply)

    async def import_paste(self, lines: LineSource) -> str:
        """`/papers import` followed by a pasted list (see paste.py)."""
        try:
            text = await paste.read_paste(lines)
        except paste.PasteTooLarge:
            too_large = t("That list is over 5 MB, so nothing was imported.")
            return await self._said(too_large, t("Split it into parts."), error=True)
        if text is None:
            return await self._said(t("Nothing was imported."))
        reply = await self.dispatcher.run_values(import_papers.SPEC, {"text": text}, self.context())
        return render_reply(reply)

    async def import_file(self, path: Path) -> str:
        upload = paste.read_upload(path)
        if isinstance(upload, str):
            return await self._said(upload, error=True)
        values = {"file": upload}
        reply = await self.dispatcher.run_values(import_papers.SPEC, values, self.context())
        return render_reply(reply)

    def _switch(self, words: list[str]) -> str:
        """Who the console speaks as from now on; what is wrong with the words otherwise."""
        if not words or len(words) > 2 or (len(words) == 2 and words[1].casefold() != "admin"):
            return t("Usage: /as NAME [admin]   e.g. /as alice, or /as bob admin")
        if not _NAME.match(words[0]):
            return t("Names are up to 32 letters, digits, dots, dashes or underscores.")
        self.member = words[0]
        self.is_admin = len(words) == 2
        return self._who(now=True)

    def _who(self, *, now: bool) -> str:
        if now:
            if self.is_admin:
                return t("You are now {name}, an admin.", name=self.member)
            return t("You are now {name}, a member.", name=self.member)
        if self.is_admin:
            return t("You are {name}, an admin.", name=self.member)
        return t("You are {name}, a member.", name=self.member)

    async def run(
        self,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        *,
        stop: asyncio.Event | None = None,
        history_file: Path | None = None,
    ) -> None:
        """Answer lines until the input ends, /quit, Ctrl-C or Ctrl-D, or until ``stop`` is set
        (Ctrl-C while a command runs, SIGTERM): that cancels the command under way, whose
        transaction rolls back, so the console leaves at once."""
        stdin = stdin or sys.stdin
        stdout = stdout or sys.stdout
        stop = stop or asyncio.Event()
        if is_terminal(stdin, stdout):
            from prompt_toolkit.patch_stdout import patch_stdout

            # Posts printed while the member types appear above the line being edited.
            with patch_stdout(raw=True):
                source = TerminalLines(lambda: f"{self.member}> ", history_file)
                print(f"{self.club_name}. Type /help for commands, /quit to leave.")
                await self._converse(source, None, stop)
            return
        fd = fileno(stdin)
        lines: LineSource = PipeLines(fd) if fd is not None else StreamLines(stdin)
        await self._converse(lines, stdout, stop)

    async def _converse(self, lines: LineSource, echo: TextIO | None, stop: asyncio.Event) -> None:
        """``echo`` is where a piped run writes (each command echoed before its answer); None
        for a terminal, whose printing goes through prompt_toolkit's patched stdout."""
        out = echo or sys.stdout
        greeting = await self.ensure_club()
        if greeting:
            print(greeting, file=out, flush=True)
        while not stop.is_set():
            line = await _unless_stopped(lines.readline(), stop)
            if line is None or line.strip().casefold() in {"/quit", "/exit"}:
                break
            if paste.starts_paste(line):
                print(await self._said(paste.PROMPT), file=out, flush=True)
                answer = await _unless_stopped(self.import_paste(lines), stop)
            else:
                answer = await _unless_stopped(self.handle_line(line), stop)
            if answer is not None:
                if echo is not None:
                    print(f"> {line.strip()[:200]}", file=out)
                print(answer + "\n", file=out, flush=True)


async def _unless_stopped(work: Awaitable[T], stop: asyncio.Event) -> T | None:
    """``work``'s result, or None once ``stop`` is set first (``work`` is then cancelled, and
    awaited so that it has unwound before the caller goes on to close anything)."""
    task = asyncio.ensure_future(work)
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    return None if task.cancelled() else task.result()
