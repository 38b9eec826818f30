"""What a member sees, read from the text a platform shows: session instants, papers, entries.

Every platform shows a session's time its own way: the console and Slack as the club's local
text ("Thu 10 Dec 2026, 18:00 UTC"), Discord as a timestamp its client renders (<t:…:F>).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

# The club's language is English here, as it is by default.
WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_LOCAL = re.compile(
    rf"\b({'|'.join(WEEKDAY_ABBR)}) (\d{{1,2}}) ({'|'.join(MONTH_ABBR)}) (\d{{4}}), (\d\d):(\d\d)"
)
_DISCORD = re.compile(r"<t:(\d+):[FfDdTtR]>")


def instants(text: str, zone: str = "UTC") -> list[datetime]:
    """Every session time the text shows, in order, as aware UTC instants."""
    found: list[tuple[int, datetime]] = []
    for m in _LOCAL.finditer(text):
        local = datetime(
            int(m[4]),
            MONTH_ABBR.index(m[3]) + 1,
            int(m[2]),
            int(m[5]),
            int(m[6]),
            tzinfo=ZoneInfo(zone),
        )
        found.append((m.start(), local.astimezone(UTC)))
    for m in _DISCORD.finditer(text):
        found.append((m.start(), datetime.fromtimestamp(int(m[1]), UTC)))
    return [at for _, at in sorted(found, key=lambda pair: pair[0])]


def entries(text: str) -> list[tuple[datetime, str]]:
    """A schedule's entries: each line showing a session time starts one, and the lines after
    it (its presenter, say) belong to it until the next."""
    chunks: list[tuple[datetime, str]] = []
    for line in text.splitlines():
        shown = instants(line)
        if shown:
            chunks.append((shown[0], line))
        elif chunks:
            at, chunk = chunks[-1]
            chunks[-1] = (at, f"{chunk}\n{line}")
    return chunks


def paper_in(text: str, titles: Iterable[str]) -> str | None:
    """The paper a post is about: the longest known title it shows."""
    shown = [t for t in titles if t in text]
    return max(shown, key=len, default=None)


@dataclass(frozen=True, slots=True)
class Post:
    kind: str  # the outbox kind it was sent as: announcement, reminder, start, vote_open, …
    text: str  # everything the platform shows of it


def of_kind(posts: Sequence[Post], kind: str) -> list[Post]:
    return [p for p in posts if p.kind == kind]
