"""`/papers import` on the console: a multi-line paste, or the path of a file on this machine.

Chat platforms hand the bot an attachment; a terminal hands it lines. `/papers import` alone
starts a paste: every line up to one holding a single `.` is the list (`/cancel` drops it).
`/papers import PATH` names a file the person at the console can read, which is imported as an
attachment would be (its name tells the format). Both arrive at the same use case as a Discord
or Slack import, with the same 5 MB limit, counted while the paste comes in.
"""

from __future__ import annotations

from pathlib import Path

from bot.adapters.console.lines import LineSource
from bot.core.commands.options import MAX_UPLOAD_BYTES, Upload
from bot.core.text import Text, t

END = "."
CANCEL = "/cancel"
PROMPT = t(
    "Paste the reading list, then a line with a single {end} to import it ({cancel} to stop).",
    end=END,
    cancel=CANCEL,
)


def starts_paste(line: str) -> bool:
    """`/papers import` with nothing after it: the lines that follow are the list."""
    return " ".join(line.split()).casefold() == "/papers import"


def file_argument(line: str) -> Path | None:
    """The file `/papers import PATH` names, when PATH is one readable file; else None, and
    the rest of the line is a pasted list like any other (`/papers import 1706.03762`)."""
    words = line.strip().split(maxsplit=2)
    if len(words) != 3 or " ".join(words[:2]).casefold() != "/papers import":
        return None
    candidate = words[2].strip().strip("'\"")
    if "\n" in candidate or len(candidate) > 4096:
        return None
    path = Path(candidate).expanduser()
    try:
        return path if path.is_file() else None
    except OSError:
        return None


def read_upload(path: Path) -> Upload | Text:
    """The file as an attachment, or why it cannot be (too big, unreadable)."""
    try:
        size = path.stat().st_size
        if size > MAX_UPLOAD_BYTES:
            megabytes = format(size / (1024 * 1024), ".1f")
            return t("{file} is {size} MB; the limit is 5.0 MB.", file=path.name, size=megabytes)
        with path.open("rb") as handle:
            content = handle.read(MAX_UPLOAD_BYTES + 1)
    except OSError as exc:
        # The system's own reason (strerror) is in the system's language.
        return t("I can't read {path}: {why}.", path=str(path), why=str(exc.strerror or exc))
    if len(content) > MAX_UPLOAD_BYTES:
        return t("{file} is larger than the limit of 5.0 MB.", file=path.name)
    return Upload(path.name, content)


async def read_paste(lines: LineSource) -> str | None:
    """The pasted lines up to the end mark, or None when cancelled, too big or cut off."""
    collected: list[str] = []
    size = 0
    while True:
        line = await lines.readline()
        if line is None:
            # The input ended mid-paste (a pipe): what came is the list.
            break
        if line.strip() == END:
            break
        if line.strip().casefold() == CANCEL:
            return None
        size += len(line.encode("utf-8")) + 1
        if size > MAX_UPLOAD_BYTES:
            # Read to the end mark so the rest of the paste is not taken for commands.
            while (rest := await lines.readline()) is not None and rest.strip() != END:
                pass
            raise PasteTooLarge
        collected.append(line)
    return "\n".join(collected)


class PasteTooLarge(Exception):
    pass
