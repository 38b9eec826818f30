"""Keeping a club's sessions planned ahead and deciding which paper each one gets.

Sessions are rows with UTC instants, materialised `plan_weeks` ahead from the weekly rule. A
session without a fixed paper takes the next queued paper in reading order; the paper is fixed
only when the session ends (or a vote or an admin fixes it), so skipping a week shifts the
queue instead of dropping a paper.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.core.domain.clubs import Club
from bot.core.domain.papers import Paper, QueueEntry, QueueState
from bot.core.domain.sessions import NewSession, Session, SessionStatus
from bot.core.planning.calendar import WeeklyRule, occurrences
from bot.core.ports import UnitOfWork


def rule_for(club: Club) -> WeeklyRule:
    s = club.settings
    return WeeklyRule(
        weekday=s.weekday,
        local_time=s.local_time,
        timezone=s.timezone,
        cadence_weeks=s.cadence_weeks,
        duration_minutes=s.session_minutes,
        anchor=club.created_at.date(),
    )


@dataclass(frozen=True, slots=True)
class PlannedSession:
    session: Session
    paper: Paper | None


def assign_papers(sessions: Sequence[Session], queue: Sequence[QueueEntry]) -> list[PlannedSession]:
    """Pair each upcoming session with its paper: its fixed one, else the next queued one."""
    papers = {entry.paper.id: entry.paper for entry in queue}
    fixed = {s.paper_id for s in sessions if s.paper_id is not None}
    pending = iter(
        entry.paper
        for entry in queue
        if entry.state == QueueState.QUEUED and entry.paper.id not in fixed
    )
    planned: list[PlannedSession] = []
    for session in sessions:
        if session.status == SessionStatus.SKIPPED:
            planned.append(PlannedSession(session, None))
        elif session.paper_id is not None:
            planned.append(PlannedSession(session, papers.get(session.paper_id)))
        else:
            planned.append(PlannedSession(session, next(pending, None)))
    return planned


async def settle_past(uow: UnitOfWork, club: Club, now: datetime) -> None:
    """Close sessions that have ended: fix their paper and mark it read."""
    await settle_past_many(uow, [club.id], now)


async def settle_past_many(uow: UnitOfWork, club_ids: Sequence[int], now: datetime) -> None:
    """`settle_past` for several clubs, their sessions closed in one write (the batched planner
    settles every session that ended while the bot was down)."""
    ended = await uow.sessions.unsettled(club_ids, now)
    closed: list[Session] = []
    read: list[tuple[int, int]] = []
    for club_id in club_ids:
        if not ended.get(club_id):
            continue
        # One assignment for all the club's ended sessions: each takes a different paper.
        for planned in assign_papers(ended[club_id], await uow.queue.entries(club_id)):
            paper_id = planned.paper.id if planned.paper else None
            closed.append(replace(planned.session, status=SessionStatus.DONE, paper_id=paper_id))
            if paper_id is not None:
                read.append((club_id, paper_id))
    await uow.sessions.update_many(closed)
    for club_id, paper_id in read:
        await uow.queue.set_state(club_id, paper_id, QueueState.READ)


async def ensure_planned(uow: UnitOfWork, club: Club, now: datetime, weeks: int) -> None:
    """Materialise sessions up to `weeks` ahead; existing sessions are left as they are."""
    if club.settings.paused:
        # A paused club has no new sessions, so no paper is marked read while nobody meets.
        return
    last = await uow.sessions.last(club.id)
    after = max(now, last.starts_at) if last else now
    rule = rule_for(club)
    instants = occurrences(rule, after=after, until=now + timedelta(weeks=weeks))
    if not instants and (last is None or last.starts_at <= now):
        instants = occurrences(rule, after=after, count=1)
    if instants:
        await uow.sessions.add_many(
            [NewSession(club.id, at, club.settings.session_minutes) for at in instants]
        )


async def assign_presenters(uow: UnitOfWork, club: Club, now: datetime) -> None:
    """Give each session about to be announced, and still without a presenter, to the member of
    the rotation who has presented least (earliest to join on a tie)."""
    if not club.settings.presenter_rotation:
        return
    pool = await uow.members.pool(club.id)
    if not pool:
        return
    horizon = now + timedelta(minutes=club.settings.announce_before_minutes)
    history = await uow.sessions.between(club.id, now - timedelta(days=3650), horizon)
    turns = Counter(s.presenter for s in history if s.presenter is not None)
    for session in history:
        if session.status != SessionStatus.PLANNED or session.presenter is not None:
            continue
        if session.presenter_name:  # pinned from a meeting log with the presenter it names
            continue
        if session.starts_at <= now:
            continue
        chosen = min(pool, key=lambda m: (turns[m], pool.index(m)))
        turns[chosen] += 1
        await uow.sessions.update(replace(session, presenter=chosen))


async def replan(uow: UnitOfWork, club: Club, now: datetime, weeks: int) -> None:
    """After a rule change (or a pause): future sessions follow the club's current settings;
    past ones, and future ones with a fixed paper, stay as they were."""
    await settle_past(uow, club, now)
    await uow.sessions.delete_planned_after(club.id, now)
    await ensure_planned(uow, club, now, weeks)


async def refresh(uow: UnitOfWork, club: Club, now: datetime, weeks: int) -> None:
    await settle_past(uow, club, now)
    await ensure_planned(uow, club, now, weeks)
    await assign_presenters(uow, club, now)


# However quiet a club is, the planner looks at it again this often: a safety net for a change
# that reached the database without clearing the club's watermark.
PLAN_AT_LEAST_EVERY = timedelta(hours=6)


def next_plan_due(club: Club, sessions: Sequence[Session], now: datetime, weeks: int) -> datetime:
    """When the passage of time alone next changes what `refresh` and `sync_posts` would do.

    `sessions` are the club's sessions not yet over (as `between(club, now)` lists them). The
    planner leaves the club alone until then, unless something changes it first. The next
    instant is the earliest of: a planned session ending (it is settled and its vote post
    planned), a session coming within the announcement lead without a presenter (rotation),
    the planning horizon reaching the next occurrence of the rule, and the safety net.
    """
    due = now + PLAN_AT_LEAST_EVERY
    s = club.settings
    lead = timedelta(minutes=s.announce_before_minutes)
    for session in sessions:
        if session.status != SessionStatus.PLANNED:
            continue
        if session.ends_at > now:
            due = min(due, session.ends_at)
        unassigned = session.presenter is None and not session.presenter_name
        if s.presenter_rotation and unassigned and session.starts_at - lead > now:
            due = min(due, session.starts_at - lead)
    if not s.paused and sessions:
        last = max(session.starts_at for session in sessions)
        following = occurrences(rule_for(club), after=last, count=1)
        if following and following[0] - timedelta(weeks=weeks) > now:
            due = min(due, following[0] - timedelta(weeks=weeks))
    return due


async def upcoming(
    uow: UnitOfWork, club: Club, now: datetime, limit: int | None = None
) -> list[PlannedSession]:
    """Sessions not yet over (the one in progress first), each with its paper."""
    sessions = await uow.sessions.between(club.id, now, limit=limit)
    queue = await uow.queue.entries(club.id)
    return assign_papers(sessions, queue)
