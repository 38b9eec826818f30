"""Parse the CSV ballot files read by ``paperclub tally``.

Format, one ballot per line::

    # candidates: Attention, BERT, GPT-2
    Attention, BERT
    GPT-2, Attention, BERT

* Names are CSV fields (quote a name that contains a comma), trimmed; empty
  fields are skipped, so a line holding only commas is a blank ballot.
* Whitespace-only lines are ignored; other lines starting with ``#`` are
  comments.
* An optional ``# candidates: ...`` line before the first ballot fixes the
  candidate list and its tie-break order.  Without it, candidates are ordered
  by first appearance in the file.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field

_HEADER = re.compile(r"#\s*candidates\s*:(?P<names>.*)", re.IGNORECASE)


class BallotFileError(ValueError):
    """The ballot file cannot be used; the message is meant for the user."""


@dataclass(frozen=True, slots=True)
class BallotFile:
    """Ballots and candidates (in tie-break order) read from a ballot file.

    ``unknown`` lists names that appear on ballots but not in the
    ``# candidates:`` header; the tally drops them.
    """

    candidates: list[str]
    ballots: list[tuple[str, ...]]
    declared: bool = False
    unknown: list[str] = field(default_factory=list)


def _fields(text: str) -> list[str]:
    row = next(csv.reader([text], skipinitialspace=True), [])
    return [name.strip() for name in row if name.strip()]


def parse_ballot_file(text: str) -> BallotFile:
    """Parse ballot-file ``text``; raises :class:`BallotFileError` on unusable input."""
    header: list[str] | None = None
    ballots: list[tuple[str, ...]] = []
    # Spreadsheet exports often start with a byte-order mark that would hide the header.
    text = text.removeprefix("\ufeff")
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            match = _HEADER.fullmatch(stripped)
            if match is None:
                continue
            if header is not None:
                raise BallotFileError(f"line {lineno}: second '# candidates:' header")
            if ballots:
                raise BallotFileError(
                    f"line {lineno}: the '# candidates:' header must come before the first ballot"
                )
            header = _fields(match["names"])
            if not header:
                raise BallotFileError(f"line {lineno}: '# candidates:' header lists no candidates")
            if len(set(header)) != len(header):
                raise BallotFileError(f"line {lineno}: '# candidates:' header repeats a name")
            continue
        ballots.append(tuple(_fields(line)))

    if not ballots:
        raise BallotFileError("file is empty" if not text.strip() else "no ballots found")

    # dict keeps first-appearance order and drops repeats.
    seen = list(dict.fromkeys(name for ballot in ballots for name in ballot))
    if header is None:
        return BallotFile(candidates=seen, ballots=ballots)
    known = set(header)
    return BallotFile(
        candidates=header,
        ballots=ballots,
        declared=True,
        unknown=[name for name in seen if name not in known],
    )
