"""Meeting logs: the dates people write in headings and rows, and the words of a cancelled week.

A log entry becomes a `Meeting`: when it was, which of the imported papers it read, who led it,
and whether it was cancelled. Past meetings are the club's archive; later ones are its plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
# Each pattern starts at a digit or a letter run and has no two adjacent unbounded quantifiers.
_ISO_RE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"
)
_MONTH_FIRST_RE = re.compile(
    rf"(?<![A-Za-z]){_MONTH}[ \t]+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?[ \t]+"
    r"(?P<year>(?:19|20)\d{2})(?!\d)"
)
_DAY_FIRST_RE = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[ \t]+{_MONTH},?[ \t]+"
    r"(?P<year>(?:19|20)\d{2})(?!\d)"
)
_CANCELLED_RE = re.compile(
    r"\b(?:cancel(?:l?ed|lation)?|no (?:meeting|session|club)|skipped|postponed|break)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Meeting:
    """One dated entry of a log, with the ids of the entries it read (in the import's result)."""

    line: int
    when: date
    entry_ids: tuple[str, ...] = ()
    presenter: str | None = None
    cancelled: bool = False


def _make(year: str, month: int | None, day: str) -> date | None:
    if month is None:
        return None
    try:
        return date(int(year), month, int(day))
    except ValueError:
        return None


def find_date(text: str) -> date | None:
    """The first calendar date written in `text` (2024-03-12, 2024/03/12, March 12, 2024,
    12 Mar 2024), or None. A match that is no date ("Top 10, 2024", "2024-13-45") does not hide
    a real one after it. Only the first 400 characters are read, and each pattern is a single
    linear scan, so a hostile line costs no more than a short one."""
    text = text[:400]
    found: list[tuple[int, date]] = []
    for match in _ISO_RE.finditer(text):
        made = _make(match.group("year"), int(match.group("month")), match.group("day"))
        if made:
            found.append((match.start(), made))
            break
    for pattern in (_MONTH_FIRST_RE, _DAY_FIRST_RE):
        for match in pattern.finditer(text):
            month = _MONTHS.get(match.group("month").lower())
            made = _make(match.group("year"), month, match.group("day"))
            if made:
                found.append((match.start(), made))
                break
    return min(found)[1] if found else None


def is_cancelled(text: str) -> bool:
    return bool(_CANCELLED_RE.search(text[:1000]))
