"""A meeting log's sessions against the club's own, written in the import's unit of work.

A session the club already has at a meeting's instant decides: the same paper held (or the same
week skipped) is already there, and importing the log again writes nothing; a planned session
without a paper takes the pinned paper or the skip; any other is left alone and the meeting is
reported as not taken. Pinned sessions beyond the plan's horizon come after the weeks before
them are planned, so the planner does not jump over those weeks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from bot.core.domain.clubs import Club
from bot.core.domain.papers import QueueState
from bot.core.domain.sessions import NewSession, Session, SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.ports import UnitOfWork
from bot.core.text import Text, t
from bot.readinglist.import_history import Fate, Placed

_EDGE = timedelta(seconds=1)


async def settle(
    uow: UnitOfWork, club: Club, placed: Sequence[Placed], stored: Sequence[int | None]
) -> list[Placed]:
    """Each meeting against the session the club has at its instant. `stored[k]`: the stored
    paper of the import's entry k (None: not stored yet)."""
    if not placed:
        return []
    first = min(p.starts_at for p in placed)
    last = max(p.starts_at for p in placed)
    sessions = await uow.sessions.between(club.id, first - _EDGE, last + _EDGE)
    at = {s.starts_at: s for s in sessions}
    return [
        p
        if p.fate == Fate.NOT_TAKEN
        else _against(p, at.get(p.starts_at), stored[p.entry] if p.entry is not None else None)
        for p in placed
    ]


def _against(p: Placed, session: Session | None, paper: int | None) -> Placed:
    if session is None:
        return p
    open_week = session.status == SessionStatus.PLANNED and p.upcoming
    if p.fate == Fate.CANCELLED:
        if session.status == SessionStatus.SKIPPED:
            return replace(p, already=True)
        if open_week and session.paper_id is None and session.presenter is None:
            return p
    elif p.fate == Fate.PAST:
        if session.status == SessionStatus.DONE and paper is not None and session.paper_id == paper:
            return replace(p, already=True)
    elif open_week:
        if session.paper_id is None:
            return p
        if session.paper_id == paper:
            return replace(p, already=True)
        return p.refused(t("that session already reads another paper"))
    if session.status == SessionStatus.SKIPPED:
        return p.refused(t("the club skipped that week"))
    return p.refused(t("the club already has a session then"))


async def write(
    uow: UnitOfWork,
    club: Club,
    placed: Sequence[Placed],
    stored: Sequence[int | None],
    held: frozenset[int],
    now: datetime,
) -> None:
    """The sessions `settle` decided: held, skipped and pinned ones. The papers of past
    meetings (`held`, entries) are read: one the queue held already is marked so, never next."""
    todo = [p for p in placed if p.fate != Fate.NOT_TAKEN and not p.already]
    for entry in sorted(held):
        paper = stored[entry]
        if paper is not None:
            await uow.queue.set_state(club.id, paper, QueueState.READ)
    if not todo:
        return
    later = [p.starts_at for p in todo if p.upcoming]
    if later:
        weeks = math.ceil((max(later) - now) / timedelta(weeks=1)) + 1
        await planning.ensure_planned(uow, club, now, weeks)
    length = club.settings.session_minutes
    made = await uow.sessions.add_many([NewSession(club.id, p.starts_at, length) for p in todo])
    at = {s.starts_at: s for s in made}
    for p in todo:
        session = at[p.starts_at]
        paper = stored[p.entry] if p.entry is not None else None
        if p.fate == Fate.CANCELLED:
            session = replace(session, status=SessionStatus.SKIPPED, paper_id=None)
        elif p.fate == Fate.PAST:
            session = replace(
                session, status=SessionStatus.DONE, paper_id=paper, presenter_name=p.presenter
            )
        else:
            session = replace(session, paper_id=paper, presenter_name=p.presenter)
        await uow.sessions.update(session)


def lines(placed: Sequence[Placed]) -> list[str]:
    """The report: where each logged meeting went, with its date and presenter."""
    if not placed:
        return []
    count = {fate: sum(p.fate == fate for p in placed) for fate in Fate}
    out: list[str] = [
        t(
            "From the meeting log: {past} past session(s), {pinned} pinned upcoming, "
            "{cancelled} cancelled week(s), {not_taken} not taken.",
            past=count[Fate.PAST],
            pinned=count[Fate.PINNED],
            cancelled=count[Fate.CANCELLED],
            not_taken=count[Fate.NOT_TAKEN],
        )
    ]
    for p in placed:
        out.append(_line(p))
    return out


def _line(p: Placed) -> Text:
    day = p.day.isoformat()  # as the log wrote it: the line it came from is easy to find
    title = _short(p.title)
    if p.fate in (Fate.PAST, Fate.PINNED):
        # One sentence per combination, whole, so each language words it its own way.
        past = p.fate == Fate.PAST
        if p.presenter:
            by = {"day": day, "title": title, "who": p.presenter}
            if p.already and past:
                return t("  > past      {day} {title}, presented by {who} (already there)", **by)
            if p.already:
                return t("  > pinned    {day} {title}, presented by {who} (already there)", **by)
            if past:
                return t("  > past      {day} {title}, presented by {who}", **by)
            return t("  > pinned    {day} {title}, presented by {who}", **by)
        if p.already:
            if past:
                return t("  > past      {day} {title} (already there)", day=day, title=title)
            return t("  > pinned    {day} {title} (already there)", day=day, title=title)
        if past:
            return t("  > past      {day} {title}", day=day, title=title)
        return t("  > pinned    {day} {title}", day=day, title=title)
    if p.fate == Fate.CANCELLED:
        if p.already:
            return t("  x cancelled {day}: a skipped session (already there)", day=day)
        return t("  x cancelled {day}: a skipped session", day=day)
    line = str(p.line)
    if p.title:
        return t(
            "  - not taken {day} (line {line}) {title}: {reason}",
            day=day,
            line=line,
            title=title,
            reason=p.reason,
        )
    return t("  - not taken {day} (line {line}): {reason}", day=day, line=line, reason=p.reason)


def _short(title: str | None, width: int = 60) -> str:
    text = title or t("(no paper)")
    return text if len(text) <= width else text[: width - 1] + "…"
