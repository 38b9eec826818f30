"""A meeting log's dated entries as the club's sessions: past ones its archive, later ones pinned.

Each logged meeting is given the instant the club meets on its date (the club's meeting time in
its zone). A meeting over by now is a past session: held (done) with its paper and presenter,
or skipped when the log says it was cancelled; its paper does not enter the queue. A later one
pins its paper to that session (the paper is queued, so the schedule shows it) or, cancelled,
skips that week. Presenters are stored as the log names them: they are rarely members the bot
knows. What the club already has decides the rest (history_writes.py), so importing the same
log twice adds nothing the second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.core.domain.clubs import Club
from bot.core.planning.calendar import local_to_utc, zone_or_error
from bot.core.text import t
from bot.readinglist.parsers.meetings import Meeting
from bot.readinglist.schema import PaperEntry

MAX_PRESENTER = 100  # characters of a presenter's name kept from a log
# A pinned session is planned with every week before it; a log's far-future date is a typo.
MAX_AHEAD = timedelta(days=366)


class Fate(StrEnum):
    PAST = "past"
    PINNED = "pinned"
    CANCELLED = "cancelled"
    NOT_TAKEN = "not taken"


@dataclass(frozen=True)
class LoggedMeeting:
    """A dated entry of a log, naming the entries it read by their place in the import."""

    line: int
    when: date
    entries: tuple[int, ...] = ()
    presenter: str | None = None
    cancelled: bool = False


@dataclass(frozen=True)
class Placed:
    """Where one logged meeting went, for the writes and for the report."""

    line: int
    day: date
    starts_at: datetime
    fate: Fate
    upcoming: bool
    entry: int | None = None  # the place of its paper among the import's (looked-up) entries
    title: str | None = None
    presenter: str | None = None
    reason: str = ""
    already: bool = False  # the club has this session just so: nothing to write

    def refused(self, reason: str) -> Placed:
        return replace(self, fate=Fate.NOT_TAKEN, reason=reason)


def logged(meetings: Sequence[Meeting], entries: Sequence[PaperEntry]) -> list[LoggedMeeting]:
    """A parse result's meetings (which name entries by id) by the entries' places."""
    places: dict[str, int] = {}
    for place, entry in enumerate(entries):
        places.setdefault(entry.id, place)
    return [
        LoggedMeeting(
            m.line,
            m.when,
            tuple(places[i] for i in m.entry_ids if i in places),
            m.presenter,
            m.cancelled,
        )
        for m in meetings
    ]


def presenter_name(text: str | None) -> str | None:
    """A name as the log gives it, on one line and of a bounded length."""
    name = " ".join((text or "").split())[:MAX_PRESENTER]
    return name or None


def place(
    meetings: Sequence[LoggedMeeting],
    kept: Sequence[int],
    entries: Sequence[PaperEntry],
    club: Club,
    now: datetime,
) -> list[Placed]:
    """Each meeting's fate before the club's own sessions are consulted. `kept[k]` is the place
    among the logged entries of looked-up entry k (entries whose lookup failed are not kept)."""
    settings = club.settings
    zone = zone_or_error(settings.timezone)
    length = timedelta(minutes=settings.session_minutes)
    found = {original: k for k, original in enumerate(kept)}
    out: list[Placed] = []
    dates: dict[date, int] = {}
    for meeting in sorted(meetings, key=lambda m: (m.when, m.line)):
        starts = local_to_utc(meeting.when, settings.local_time, zone)
        ours = [found[i] for i in meeting.entries if i in found]
        upcoming = starts + length > now
        placed = Placed(
            meeting.line,
            meeting.when,
            starts,
            Fate.PINNED if upcoming else Fate.PAST,
            upcoming,
            entry=ours[0] if ours else None,
            title=entries[ours[0]].title if ours else None,
            presenter=presenter_name(meeting.presenter),
        )
        if meeting.when in dates:
            out.append(
                placed.refused(
                    t(
                        "the log has another entry for that date (line {line})",
                        line=str(dates[meeting.when]),
                    )
                )
            )
            continue
        dates[meeting.when] = meeting.line
        if starts - now > MAX_AHEAD:
            out.append(placed.refused(t("more than a year ahead: pin it nearer the time")))
            continue
        if meeting.cancelled:
            out.append(replace(placed, fate=Fate.CANCELLED, entry=None, title=None))
            continue
        if not ours:
            why = t("its paper was not imported") if meeting.entries else t("it names no paper")
            out.append(placed.refused(why))
            continue
        out.append(placed)
        for extra in ours[1:]:
            out.append(
                replace(
                    placed,
                    entry=extra,
                    title=entries[extra].title,
                    already=False,
                ).refused(
                    t(
                        "a session reads one paper, and this one reads {title}",
                        title=entries[ours[0]].title,
                    )
                )
            )
    return out


def past_entries(placed: Sequence[Placed]) -> frozenset[int]:
    """The entries read at past meetings (and pinned to none later): they stay out of the queue.
    A second paper of a past meeting was read too, so it is not queued either."""
    pinned = {p.entry for p in placed if p.fate == Fate.PINNED}
    read = {
        p.entry
        for p in placed
        if p.entry is not None
        and not p.upcoming
        and (p.fate == Fate.PAST or p.reason.startswith("a session reads one paper"))
    }
    return frozenset(i for i in read - pinned if i is not None)
