"""What /papers import accepts: an attached file (within the size limit, UTF-8) or pasted text,
refused with a clear answer when empty, too big, or a lone link the bot would have to fetch."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.commands.options import MAX_UPLOAD_BYTES
from bot.core.commands.values import Values
from bot.core.domain.errors import InvalidInput
from bot.core.text import Text, t, tn

MAX_BYTES = MAX_UPLOAD_BYTES  # the same limit as `paperclub papers import`
_LONE_LINK = re.compile(r"^<?https?://\S+>?$")
_PAPER_LINK = re.compile(r"(arxiv\.org/|doi\.org/)", re.IGNORECASE)
# What the import's report calls a list that came without a file name.
PASTED = t("pasted text")
_SPLIT = t("Split it into smaller files and import them one after the other.")


@dataclass(frozen=True, slots=True)
class ImportPapers:
    text: str
    source: str = PASTED

    @classmethod
    def build(cls, values: Values) -> ImportPapers:
        """An attached file wins over pasted text; its name tells the importer the format."""
        return _from_file(values) or cls(values.text("text") or "")


def _from_file(values: Values) -> ImportPapers | None:
    upload = values.upload("file")
    if upload is not None:
        if len(upload.content) > MAX_BYTES:
            raise InvalidInput(
                t(
                    "{file} is {size}; the limit is {limit}.",
                    file=upload.filename,
                    size=_size(len(upload.content)),
                    limit=_size(MAX_BYTES),
                ),
                hint=_SPLIT,
            )
        try:
            text = upload.content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput(
                t("{file} is not UTF-8 text.", file=upload.filename),
                hint=t(
                    "Save it as UTF-8 (most editors offer it in 'Save as…') and attach it again."
                ),
            ) from None
        return ImportPapers(text, source=upload.filename)
    return None


def _size(n: int) -> Text:
    if n >= 1024 * 1024:
        return t("{mb} MB", mb=format(n / (1024 * 1024), ".1f"))
    return tn("{n} byte", "{n} bytes", n)


def check_list(text: str) -> None:
    if not text.strip():
        raise InvalidInput(
            t("Paste a reading list after /papers import, or attach the file."),
            hint=t("Markdown lists, BibTeX, CSV with a title column, YAML/JSON, or arXiv links."),
        )
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise InvalidInput(
            t(
                "That list is {size}; the limit is {limit}.",
                size=_size(size),
                limit=_size(MAX_BYTES),
            ),
            hint=_SPLIT,
        )
    stripped = text.strip()
    # Fetching arbitrary links from chat would let anyone make the bot call any address.
    if _LONE_LINK.match(stripped) and not _PAPER_LINK.search(stripped):
        raise InvalidInput(
            t("I don't download files from links."),
            hint=t("Attach the file to the command, or paste its text."),
        )
