"""Runs one command: the single entry point every adapter calls.

Whatever the input (a command object, a typed line, a platform's typed option values), the
steps are the same: find the spec, refuse members an admin command (before reading its
arguments, so they learn nothing about them), build the typed command, hand it to its use case
with that use case's ports, and wrap the view in a Reply with the spec's visibility.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import replace

from bot.core.commands import answer_club
from bot.core.commands.catalog import AnySpec, Catalog
from bot.core.commands.context import Context, Deps, Help
from bot.core.commands.inflight import InFlight
from bot.core.commands.options import OptionKind, ScheduleNumber
from bot.core.commands.values import Raw
from bot.core.domain.clubs import ClubSettings
from bot.core.domain.errors import PaperclubError
from bot.core.domain.ids import ClubKey
from bot.core.singleflight import SingleFlight
from bot.core.telemetry import logcontext
from bot.core.text import t
from bot.core.usecases import autocomplete
from bot.core.usecases.answer_language import answer_language
from bot.core.usecases.club_access import require_admin
from bot.core.views import Choice, ErrorView, Reply, View

log = logging.getLogger(__name__)

Builder = Callable[[], object]

UNEXPECTED = t("Something went wrong on my side, and nothing was changed. Please try again.")


class Dispatcher:
    def __init__(self, deps: Deps, catalog: Catalog | None = None) -> None:
        self.deps = deps
        self.catalog = catalog or Catalog()
        # Commands and platform handlers under way; a stopping process waits for them.
        self.inflight = InFlight()
        self._club_settings: SingleFlight[ClubKey, ClubSettings | None] = SingleFlight()
        bundles = (*deps.bundles(), Help(self.catalog.help_entries()))
        self._ports: dict[type, object] = {type(b): b for b in bundles}
        # Every command's ports are known now, not when a member first runs it.
        missing = {
            s.name: s.ports.__name__ for s in self.catalog.specs if s.ports not in self._ports
        }
        if missing:
            raise ValueError(f"no ports wired for: {missing}")

    async def run(self, command: object, ctx: Context) -> Reply:
        """Run a built command. Every failure becomes a private ErrorView; nothing escapes."""
        return await self._run(lambda: (self.catalog.spec_for(command), lambda: command), ctx)

    async def run_text(self, line: str, ctx: Context) -> Reply:
        """Run a typed command line (console, Slack, the bot's own buttons)."""

        return await self._run(lambda: self.catalog.find(line), ctx)

    async def run_button(self, line: str, ctx: Context) -> Reply:
        """Run the command line one of the bot's buttons carries. Its sessions are the stable
        ids the button was made with: a button posted before ids were written "#40" carries a
        bare number, which typed would be a /schedule number (another session). A button never
        carries a /schedule number (CommandSpec.line writes a session's id)."""

        def find() -> tuple[AnySpec, Builder]:
            spec, build = self.catalog.find(line)
            return spec, lambda: _stable_sessions(spec, build())

        return await self._run(find, ctx)

    async def run_values(self, spec: AnySpec, values: Mapping[str, Raw], ctx: Context) -> Reply:
        """Run a command from values by option name (Discord's typed options, a form)."""
        return await self._run(lambda: (spec, lambda: spec.from_values(values)), ctx)

    async def answer_privately(self, view: View, ctx: Context) -> Reply:
        """A private answer an adapter gives without running a command (an attachment it
        could not download), in the language a command's private answer would be in."""
        return Reply(view, private=True, language=await self._language(ctx, private=True))

    async def complete(self, kind: OptionKind, text: str, ctx: Context) -> list[Choice]:
        """Autocomplete suggestions; a failure yields no suggestions rather than an error."""
        try:
            return await autocomplete.complete(kind, text, ctx, self.deps.store)
        except Exception:
            log.exception("autocomplete failed")
            return []

    async def _run(self, find: Callable[[], tuple[AnySpec, Builder]], ctx: Context) -> Reply:
        started = time.perf_counter()
        try:
            spec, build = find()
        except PaperclubError as exc:
            language = await self._language(ctx, private=True)
            return Reply(ErrorView(exc.message, exc.hint), True, (), language)
        name = spec.command_type.__name__
        # What `inflight.running()` and `logcontext.bound()` do, without two context managers
        # per command (a burst of 1,000 votes runs this 1,000 times at once); the log context
        # is only spelled out if a line is logged.
        finished = self.inflight.start()
        token = logcontext.bind_command(ctx.club, name)
        noted = answer_club.begin()
        try:
            view, private, extra = await self._execute(spec, build, ctx)
        finally:
            settings = answer_club.end(noted)
            logcontext.unbind(token)
            self.inflight.finish(finished)
        outcome = "ok"
        if isinstance(view, ErrorView):
            outcome = "failed" if view.message == UNEXPECTED else "refused"
        self.deps.metrics.command(name, outcome, time.perf_counter() - started)
        if settings is not None:  # the command read its club itself and changed nothing of it
            language = answer_language(settings, ctx.locale, private=private)
        else:
            language = await self._language(ctx, private=private)
        # Built once, here, with its language: not built by the use case's path and copied.
        return Reply(view, private, extra, language)

    async def _language(self, ctx: Context, *, private: bool) -> str:
        """The club's language, read after the command ran, so `/club set language ko` is
        answered in Korean; a private answer may be in the member's own (`answer_language`).
        A database that is away is answered as where there is no club."""
        return answer_language(await self._settings(ctx.club), ctx.locale, private=private)

    async def club_language(self, club: ClubKey) -> str:
        """The club's language, for what an adapter shows before any command runs (a Slack
        form opened at once, while its trigger is valid)."""
        return answer_language(await self._settings(club), None, private=False)

    async def _settings(self, key: ClubKey) -> ClubSettings | None:
        async def read() -> ClubSettings | None:
            try:
                async with self.deps.store.reader() as uow:
                    club = await uow.clubs.get(key)
            except Exception:
                log.warning("could not read the club's language", exc_info=True)
                return None
            return club.settings if club is not None else None

        # Commands of one club that finish together share one read that starts after all of
        # them finished (a burst of votes: a few reads, not one unit of work per vote).
        return await self._club_settings.run(key, read)

    async def _execute(
        self, spec: AnySpec, build: Builder, ctx: Context
    ) -> tuple[View, bool, tuple[View, ...]]:
        """The command's view, whether it is private, and its extra views."""
        try:
            if spec.admin:
                # Before the arguments are read, and whatever the platform: no one can forget it.
                require_admin(ctx, t("use /{command}", command=spec.name))
            command = build()
            answer = await spec.handler(command, ctx, self._ports[spec.ports])
            if isinstance(answer, Reply):
                return answer.view, spec.private, answer.extra
            return answer, spec.private, ()
        except PaperclubError as exc:
            return ErrorView(exc.message, exc.hint), True, ()
        except Exception:
            log.exception("command failed", extra={"club": str(ctx.club)})
            return ErrorView(UNEXPECTED), True, ()


def _stable_sessions(spec: AnySpec, command: object) -> object:
    """`command` with each session a /schedule number read as the stable id it was."""
    stable = {
        option.name: ref.number
        for option in spec.options
        if option.kind is OptionKind.SESSION
        and isinstance(ref := getattr(command, option.name, None), ScheduleNumber)
    }
    return replace(command, **stable) if stable else command  # type: ignore[type-var]
