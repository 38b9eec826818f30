"""Typed command options, for platforms whose slash commands take typed arguments."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class OptionKind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    PAPER = "paper"  # autocompleted from the club's papers
    TIMEZONE = "timezone"  # autocompleted from IANA zones
    WEEKDAY = "weekday"
    TIME = "time"
    DATE = "date"
    CHOICE = "choice"
    FILE = "file"  # an attached file, handed to the command as an Upload


# The largest file any command takes; adapters refuse bigger ones before downloading them.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Upload:
    """A file a member attached (a Discord attachment, a Slack file), already downloaded."""

    filename: str
    content: bytes


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """A typed option, for platforms with typed slash commands (Discord). The values are put
    back into a command line in this order, so the text grammar stays the single parser."""

    name: str
    description: str
    kind: OptionKind = OptionKind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
