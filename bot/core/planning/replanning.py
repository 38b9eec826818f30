"""A new weekly rule (day, time, zone, cadence, length), applied to every session still to come.

Each future session the channel was not told about moves to the new rule, in order: the first
to the first new date, and so on, so every decided paper keeps its place in the reading order
and its presenter with it (the rows keep their ids, so RSVPs and the open vote follow too).
Skipped weeks keep their place in that sequence. Announced sessions stay as they were announced;
the admin moves one with /club reschedule, which posts a correction. A new date too close to an
announced session or to the last one held (under half the rhythm: Thursday right after a
Wednesday) is left out, so nobody meets two days running.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from bot.core.domain.clubs import Club
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.planning.announced import announced_sessions
from bot.core.planning.calendar import occurrences
from bot.core.ports import UnitOfWork

# Sessions are unique per (club, start). Moving a chain of them onto each other's old instants
# would trip that constraint halfway, so they first step aside to instants nothing else uses
# (their own id's minute after this), then take their new places.
_ASIDE = datetime(1900, 1, 1, tzinfo=UTC)
# A vote whose session moved so close that its announcement is due still gets this long.
LAST_CALL = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Replanned:
    moved: tuple[tuple[Session, Session], ...]  # (before, after) for each session that moved
    kept: tuple[Session, ...]  # announced sessions, left as they were announced
    vote_closes: datetime | None = None  # the open vote's new deadline, if its session moved


def _too_close(instant: datetime, kept: list[Session], gap: timedelta) -> bool:
    return any(abs(instant - k.starts_at) < gap for k in kept)


async def replan_rule(uow: UnitOfWork, club: Club, now: datetime, weeks: int) -> Replanned:
    """Move every future unannounced session onto the club's current rule (the caller syncs
    posts and commits)."""
    await planning.settle_past(uow, club, now)
    if club.settings.paused:
        return Replanned((), ())
    told = await announced_sessions(uow, club, now)
    future = [s for s in await uow.sessions.between(club.id, now) if s.starts_at > now]
    kept = [s for s in future if s.id in told and s.status == SessionStatus.PLANNED]
    chain = [s for s in future if s not in kept]
    # An announced session's paper is fixed when announced; one announced before that rule
    # is fixed here, so the papers around it cannot shift into it.
    for planned in planning.assign_papers(kept, await uow.queue.entries(club.id)):
        if planned.session.paper_id is None and planned.paper is not None:
            await uow.sessions.update(replace(planned.session, paper_id=planned.paper.id))
    rule = planning.rule_for(club)
    gap = timedelta(weeks=rule.cadence_weeks) / 2
    # The last session held counts too: after Wednesday's session, a move to Thursdays starts
    # next week, not tomorrow.
    held = [
        s
        for s in await uow.sessions.between(club.id, now - timedelta(weeks=rule.cadence_weeks))
        if s.starts_at <= now and s.status != SessionStatus.SKIPPED
    ]
    near = kept + held[-1:]
    wanted = len(chain)
    instants: list[datetime] = []
    after = now
    while len(instants) < wanted:
        batch = occurrences(rule, after=after, count=wanted - len(instants) + len(kept))
        instants += [at for at in batch if not _too_close(at, near, gap)]
        after = batch[-1]
    instants = instants[:wanted]
    length = club.settings.session_minutes
    moved: list[tuple[Session, Session]] = []
    targets = [
        replace(s, starts_at=at, duration_minutes=length)
        for s, at in zip(chain, instants, strict=True)
    ]
    changing = [(old, new) for old, new in zip(chain, targets, strict=True) if old != new]
    for old, _ in changing:
        await uow.sessions.update(replace(old, starts_at=_ASIDE + timedelta(minutes=old.id)))
    for old, new in changing:
        await uow.sessions.update(new)
        moved.append((old, new))
    await planning.ensure_planned(uow, club, now, weeks)
    return Replanned(tuple(moved), tuple(kept), await _move_vote(uow, club, now, moved))


async def _move_vote(
    uow: UnitOfWork, club: Club, now: datetime, moved: list[tuple[Session, Session]]
) -> datetime | None:
    """The open vote closes when its session is announced: when that session moved, so does
    the deadline (never into the past: the vote then closes within the hour)."""
    poll = await uow.polls.open_for(club.id)
    if poll is None:
        return None
    for _, new in moved:
        if new.id == poll.session_id:
            lead = timedelta(minutes=club.settings.announce_before_minutes)
            closes = max(new.starts_at - lead, now + LAST_CALL)
            await uow.polls.update(replace(poll, closes_at=closes))
            return closes
    return None
