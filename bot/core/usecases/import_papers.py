"""/papers import <pasted list>: merge a reading list into the club's queue (admins only).

Adapters pass pasted text or an attachment's contents. Parsing and merging happen behind the
ReadingListImporter port; this use case checks who asks and what they sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.commands.context import Context, Importing
from bot.core.commands.options import MAX_UPLOAD_BYTES, OptionKind, OptionSpec
from bot.core.commands.spec import CommandSpec
from bot.core.commands.values import Values
from bot.core.domain.errors import InvalidInput
from bot.core.usecases.club_access import require_club
from bot.core.views import Notice, Tone
from bot.core.wording import plural

MAX_BYTES = MAX_UPLOAD_BYTES  # the same limit as `paperclub papers import`
SHOWN_LINES = 25
_LONE_LINK = re.compile(r"^<?https?://\S+>?$")
_PAPER_LINK = re.compile(r"(arxiv\.org/|doi\.org/)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ImportPapers:
    text: str
    source: str = "pasted text"

    @classmethod
    def build(cls, values: Values) -> ImportPapers:
        """An attached file wins over pasted text; its name tells the importer the format."""
        return _from_file(values) or cls(values.text("text") or "")


def _from_file(values: Values) -> ImportPapers | None:
    upload = values.upload("file")
    if upload is not None:
        if len(upload.content) > MAX_BYTES:
            raise InvalidInput(
                f"{upload.filename} is {_size(len(upload.content))}; "
                f"the limit is {_size(MAX_BYTES)}.",
                hint="Split it into smaller files and import them one after the other.",
            )
        try:
            text = upload.content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput(
                f"{upload.filename} is not UTF-8 text.",
                hint="Save it as UTF-8 (most editors offer it in 'Save as…') and attach it again.",
            ) from None
        return ImportPapers(text, source=upload.filename)
    return None


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def _check(text: str) -> None:
    if not text.strip():
        raise InvalidInput(
            "Paste a reading list after /papers import, or attach the file.",
            hint="Markdown lists, BibTeX, CSV with a title column, YAML/JSON, or arXiv links.",
        )
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise InvalidInput(
            f"That list is {_size(size)}; the limit is {_size(MAX_BYTES)}.",
            hint="Split it into smaller files and import them one after the other.",
        )
    stripped = text.strip()
    # Fetching arbitrary links from chat would let anyone make the bot call any address.
    if _LONE_LINK.match(stripped) and not _PAPER_LINK.search(stripped):
        raise InvalidInput(
            "I don't download files from links.",
            hint="Attach the file to the command, or paste its text.",
        )


async def execute(cmd: ImportPapers, ctx: Context, importing: Importing) -> Notice:
    """Merge a reading list into this club's queue; nothing already queued moves."""
    _check(cmd.text)
    async with importing.store.uow() as uow:
        await require_club(uow, ctx)
    outcome = await importing.importer.import_text(ctx.club, cmd.text, source=cmd.source[:100])
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
