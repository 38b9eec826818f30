"""A command's declared options: what each value is, so every platform reads it the same way.

Discord offers them as typed slash-command options; the console and Slack read the same options
from typed words; buttons carry them in a command line (see `values.line_for`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
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
    SESSION = "session"  # a session's number in /schedule, its local date, or (#40) its id
    POLL = "poll"  # a poll's id, written #12 in a command line (buttons pin their poll)


# The largest file any command takes; adapters refuse bigger ones before downloading them.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ScheduleNumber:
    """A session by the number /schedule shows it with: 1 is the next one (or the one on now).
    The number a member sees is the number they type; a session's stable id is for buttons."""

    number: int

    def __str__(self) -> str:
        return str(self.number)


# A session as a member names it: its number in /schedule or its local date; an int is its
# stable id, which buttons carry (written #40, never typed from anything a member was shown).
SessionRef = int | date | ScheduleNumber


@dataclass(frozen=True, slots=True)
class Upload:
    """A file a member attached (a Discord attachment, a Slack file), already downloaded."""

    filename: str
    content: bytes


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """One typed value a command takes.

    `many`: a list of words ("3 1 2"; a typed option gives them as one string, split on spaces
    and commas). `rest`: in a command line, the rest of the words as one text ("attention is all
    you need"). `hidden`: set by the bot's own buttons, never offered to type (Discord options,
    forms, help).
    """

    name: str
    description: str
    kind: OptionKind = OptionKind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    many: bool = False
    rest: bool = False
    hidden: bool = False
