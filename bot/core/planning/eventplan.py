"""Which calendar entries (Discord Scheduled Events) a club's next sessions should have, kept in
the outbox like posts, so restarts and replicas never create an entry twice.

Every state of a session's entry (time, paper, planned or skipped, gone) is one outbox row whose
key hashes that state: an unchanged session plans nothing, a change plans exactly one row, and a
newer state cancels the older rows still pending, so only the latest is synced. Only clubs whose
platform can show such entries get rows (the planner knows which: `EventMirror` posters).

The rows carry no session id (the column cascades on delete): when re-planning deletes a
session, its last row survives to say there is an entry to remove.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.core.domain.clubs import Club
from bot.core.domain.mirrors import MirrorStatus, SessionMirror, mirror_key
from bot.core.domain.outbox import OutboxEntry, OutboxStatus, PlannedPost, PostKind
from bot.core.domain.sessions import SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.planning.sessionplan import PlannedSession
from bot.core.ports import UnitOfWork
from bot.core.text import t

# A few sessions ahead, not the whole plan: each sync costs calls against Discord's rate limits.
MIRROR_SESSIONS = 4
# ... and none further ahead than this. It also bounds how far back `sync_mirrors` reads: a row
# is planned while its session starts within MIRROR_AHEAD, so any row about a session still to
# come is younger than that.
MIRROR_AHEAD = timedelta(weeks=8)
TO_BE_DECIDED = t("Paper to be decided")
STILL_OPEN = t("The paper is still open: suggest one with /suggest.")
DESCRIPTION = 900  # the summary is cut here; platforms have their own, tighter limits
# Rows that did or will reach the platform: the entry there is in the latest of these states.
_EFFECTIVE = frozenset({OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.SENT})


def mirror_of(club: Club, planned: PlannedSession) -> SessionMirror:
    session, paper = planned.session, planned.paper
    skipped = session.status == SessionStatus.SKIPPED
    title: str
    about: str
    if paper is None:
        title, about = TO_BE_DECIDED, STILL_OPEN
    else:
        summary = paper.summary.strip()
        if len(summary) > DESCRIPTION:
            summary = summary[: DESCRIPTION - 1].rstrip() + "…"
        title, about = paper.title, "\n\n".join(p for p in (summary, paper.url) if p)
    return SessionMirror(
        session_id=session.id,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        club_name=club.name,
        title=title,
        description=about,
        status=MirrorStatus.SKIPPED if skipped else MirrorStatus.PLANNED,
        language=club.settings.language,
    )


def plan_mirrors(
    club: Club, upcoming: Sequence[PlannedSession], now: datetime
) -> list[SessionMirror]:
    """The entries the club's calendar should show: its next sessions still to start (platforms
    refuse entries in the past); none while the club is paused."""
    if club.settings.paused:
        return []
    ahead = [
        planned
        for planned in upcoming
        if now < planned.session.starts_at <= now + MIRROR_AHEAD
        and planned.session.status in (SessionStatus.PLANNED, SessionStatus.SKIPPED)
    ]
    return [mirror_of(club, planned) for planned in ahead[:MIRROR_SESSIONS]]


@dataclass(frozen=True, slots=True)
class MirrorRow:
    post: PlannedPost
    mirror: SessionMirror


@dataclass(frozen=True, slots=True)
class MirrorChanges:
    add: list[MirrorRow]
    cancel: list[int]  # pending rows of an older state
    requeue: list[int]  # a state cancelled as obsolete that is wanted again, key and all


def reconcile(
    club_id: int, wanted: Sequence[SessionMirror], history: Sequence[OutboxEntry], now: datetime
) -> MirrorChanges:
    """The rows to add and cancel so the platform ends up showing `wanted`. Pure.

    `history` holds the club's event rows young enough to concern a session still to come.
    """
    rows: dict[int, list[tuple[OutboxEntry, SessionMirror]]] = {}
    for entry in sorted(history, key=lambda e: e.id):  # ids grow: the last row is the newest
        mirror = SessionMirror.from_payload(entry.payload)
        if entry.kind == PostKind.EVENT and mirror is not None:
            rows.setdefault(mirror.session_id, []).append((entry, mirror))
    targets = {mirror.session_id: mirror for mirror in wanted}
    changes = MirrorChanges([], [], [])
    for session_id in sorted(targets.keys() | rows.keys()):
        known = rows.get(session_id, [])
        shown = [(e, m) for e, m in known if e.status in _EFFECTIVE]
        last_entry, last = shown[-1] if shown else (None, None)
        target = _target(targets.get(session_id), last, now)
        keep = last_entry.key if last_entry is not None else None
        if target is not None and target != last:
            keep = mirror_key(club_id, session_id, target.digest(keep))
            again = next((e for e, _ in known if e.key == keep), None)
            if again is None:
                post = PlannedPost(keep, club_id, None, PostKind.EVENT, now, target.starts_at)
                changes.add.append(MirrorRow(post, target))
            elif again.status == OutboxStatus.CANCELLED:
                changes.requeue.append(again.id)
        changes.cancel.extend(
            e.id for e, _ in known if e.status == OutboxStatus.PENDING and e.key != keep
        )
    return changes


def _target(
    wanted: SessionMirror | None, last: SessionMirror | None, now: datetime
) -> SessionMirror | None:
    """What the entry should become; None when nothing needs saying."""
    shown = last is not None and last.status != MirrorStatus.GONE
    if wanted is None:
        # Re-planned away or out of the horizon: remove an entry still to come, if any.
        if last is None or not shown or last.starts_at <= now:
            return None
        return replace(last, status=MirrorStatus.GONE)
    if wanted.status == MirrorStatus.SKIPPED and not shown:
        return None  # nothing on the calendar to cancel
    return wanted


async def sync_mirrors(uow: UnitOfWork, club: Club, now: datetime) -> None:
    """Bring the club's event rows in line with its next sessions (the caller commits)."""
    wanted = plan_mirrors(club, await planning.upcoming(uow, club, now), now)
    history = [
        entry
        for entry in await uow.outbox.entries(club.id, now - MIRROR_AHEAD)
        if entry.kind == PostKind.EVENT
    ]
    changes = reconcile(club.id, wanted, history, now)
    for entry_id in changes.cancel:
        await uow.outbox.cancel(entry_id, "a newer state of the session replaces it")
    for entry_id in changes.requeue:
        await uow.outbox.reschedule(entry_id, now, OutboxStatus.CANCELLED)
    for row in changes.add:
        await uow.outbox.add(row.post, now, row.mirror.to_payload())
