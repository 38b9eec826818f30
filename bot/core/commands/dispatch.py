"""Runs one command: the single entry point every adapter calls."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping

from bot.core.commands.catalog import Catalog, CommandSpec
from bot.core.commands.context import Context, Deps
from bot.core.commands.inflight import InFlight
from bot.core.commands.options import OptionKind
from bot.core.domain.errors import PaperclubError
from bot.core.telemetry import logcontext
from bot.core.usecases import autocomplete, show_help
from bot.core.usecases.common import require_admin
from bot.core.views import Choice, ErrorView, Reply, View

log = logging.getLogger(__name__)

UNEXPECTED = "Something went wrong on my side, and nothing was changed. Please try again."


class Dispatcher:
    def __init__(self, deps: Deps, catalog: Catalog | None = None) -> None:
        self.deps = deps
        self.catalog = catalog or Catalog()
        # Commands and platform handlers under way; a stopping process waits for them.
        self.inflight = InFlight()

    async def run(self, command: object, ctx: Context) -> Reply:
        """Run a parsed command. Every failure becomes a private ErrorView; nothing escapes."""
        spec_name = type(command).__name__
        started = time.perf_counter()
        with (
            self.inflight.running(),
            logcontext.bound(
                club=str(ctx.club), command=spec_name, platform=ctx.club.platform.value
            ),
        ):
            reply = await self._run(command, ctx)
        outcome = "ok"
        if isinstance(reply.view, ErrorView):
            outcome = "failed" if reply.view.message == UNEXPECTED else "refused"
        self.deps.metrics.command(spec_name, outcome, time.perf_counter() - started)
        return reply

    async def _run(self, command: object, ctx: Context) -> Reply:
        try:
            spec = self.catalog.spec_for(command)
            if spec.admin:
                # Checked here as well as in the use case so no platform can forget it.
                require_admin(ctx, f"use {spec.usage.split(' [')[0]}")
            view: View
            if spec.handler is None:
                assert isinstance(command, show_help.ShowHelp)
                view = show_help.execute_with(
                    self.catalog.help_entries(), command, ctx.actor.is_admin
                )
            else:
                view = await spec.handler(command, ctx, self.deps)
            public = spec.public_when is not None and spec.public_when(command)
            return Reply(view, private=spec.private and not public)
        except PaperclubError as exc:
            return Reply(ErrorView(exc.message, exc.hint), private=True)
        except Exception:
            log.exception("command failed", extra={"club": str(ctx.club)})
            return Reply(ErrorView(UNEXPECTED), private=True)

    async def complete(self, kind: OptionKind, text: str, ctx: Context) -> list[Choice]:
        """Autocomplete suggestions; a failure yields no suggestions rather than an error."""
        try:
            return await autocomplete.complete(kind, text, ctx, self.deps)
        except Exception:
            log.exception("autocomplete failed")
            return []

    async def run_options(
        self, spec: CommandSpec, values: Mapping[str, object], ctx: Context
    ) -> Reply:
        """Run a command from typed option values (Discord options, a Slack form with a file)."""
        try:
            if spec.build is not None:
                command = spec.build(values)
            else:
                command = self.catalog.parse(spec.line_from_options(values))
        except PaperclubError as exc:
            return Reply(ErrorView(exc.message, exc.hint), private=True)
        return await self.run(command, ctx)

    async def run_text(self, line: str, ctx: Context) -> Reply:
        """Parse a typed command line, then run it."""
        try:
            command = self.catalog.parse(line)
        except PaperclubError as exc:
            return Reply(ErrorView(exc.message, exc.hint), private=True)
        return await self.run(command, ctx)
