"""/papers import <pasted list>: merge a reading list into the club's queue (admins only).

Adapters pass pasted text or an attachment's contents (import_input checks them). Parsing and
merging happen behind the ReadingListImporter port; this use case checks who asks and says
what came of it.
"""

from __future__ import annotations

from bot.core.commands.context import Context, Importing
from bot.core.commands.options import OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.text import t
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
    # A file's name is shown in the report; a long one is cut (the pasted text's is a `Text`).
    source = cmd.source if len(cmd.source) <= 100 else cmd.source[:100]
    outcome = await importing.importer.import_text(
        ctx.club, cmd.text, source=source, progress=progress
    )
    lines = outcome.lines[:SHOWN_LINES]
    if len(outcome.lines) > SHOWN_LINES:
        lines += (t("… and {count} more.", count=len(outcome.lines) - SHOWN_LINES),)
    if not outcome.applied:
        return Notice(
            t("Nothing was imported: {headline}.", headline=outcome.headline),
            Tone.WARNING,
            details=(t("Fix the entries below and import again."), *lines),
        )
    queued = (
        t(
            "Added to the end of the queue: {papers}; nothing already there moved.",
            papers=plural(outcome.queued, "paper"),
        )
        if outcome.queued
        else t("Nothing new for the queue; it is unchanged.")
    )
    return Notice(
        t("Imported: {headline}.", headline=outcome.headline),
        Tone.SUCCESS,
        details=(queued, *lines),
    )


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
