"""/papers import <pasted list>: merge a reading list into the club's queue (admins only).

Adapters pass pasted text or an attachment's contents (import_input checks them). Parsing and
merging happen behind the ReadingListImporter port; this use case checks who asks and says
what came of it.
"""

from __future__ import annotations

from bot.core.commands.context import Context, Importing
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.usecases.club_access import require_club
from bot.core.usecases.import_input import ImportPapers, check_list
from bot.core.usecases.import_progress import reporter
from bot.core.views import Notice, Tone
from bot.core.wording import plural

SHOWN_LINES = 25


async def execute(cmd: ImportPapers, ctx: Context, importing: Importing) -> Notice:
    """Merge a reading list into this club's queue; nothing already queued moves."""
    check_list(cmd.text)
    async with importing.store.uow() as uow:
        club = await require_club(uow, ctx)
    progress = reporter(ctx.progress, club.settings.language) if ctx.progress else None
    outcome = await importing.importer.import_text(
        ctx.club, cmd.text, source=cmd.source[:100], progress=progress
    )
    lines = outcome.lines[:SHOWN_LINES]
    if len(outcome.lines) > SHOWN_LINES:
        lines += (f"… and {len(outcome.lines) - SHOWN_LINES} more.",)
    if not outcome.applied:
        return Notice(
            f"Nothing was imported: {outcome.headline}.",
            Tone.WARNING,
            details=("Fix the entries below and import again.", *lines),
        )
    queued = (
        f"Added to the end of the queue: {plural(outcome.queued, 'paper')}; "
        "nothing already there moved."
        if outcome.queued
        else "Nothing new for the queue; it is unchanged."
    )
    return Notice(f"Imported: {outcome.headline}.", Tone.SUCCESS, details=(queued, *lines))


SPEC = CommandSpec(
    "papers import",
    "/papers import [pasted list or attached file]",
    "Merge a reading list into the queue (markdown, BibTeX, CSV, YAML/JSON, arXiv links).",
    ImportPapers,
    ImportPapers.build,
    execute,
    Importing,
    admin=True,
    private=True,
    options=(
        OptionSpec("text", "The reading list, pasted"),
        OptionSpec("file", "The reading list as a file", OptionKind.FILE),
    ),
    raw=True,
)
