"""Many clubs whose schedule is already planned, written in bulk (the planner would take minutes).

The rows are exactly what the planner keeps: sessions from the weekly rule up to the planning
horizon, and each session's posts (those already due count as sent). A fraction of the clubs is
left "changed" so that a start-up has real planning to do besides reading watermarks.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from bot.core.domain.clubs import Club, ClubSettings
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.outbox import OutboxStatus
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.planning.calendar import occurrences
from bot.core.planning.postplan import RECENT, plan_posts
from bot.core.planning.sessionplan import next_plan_due
from bot.storage.engine import make_sync_engine
from bot.storage.tables import ClubRow, OutboxRow, SessionRow

ZONES = (
    "UTC", "Europe/Berlin", "America/New_York", "Asia/Seoul", "Asia/Kolkata", "Pacific/Auckland",
)  # fmt: skip
CHUNK = 500


def club_settings(n: int) -> ClubSettings:
    """Spread the clubs over weekdays, hours and zones so their work falls at different times."""
    return ClubSettings(
        weekday=n % 7, local_time=time(8 + n % 12, 30 * (n % 2)), timezone=ZONES[n % len(ZONES)]
    )


def _club_row(n: int, settings: ClubSettings, created: datetime) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: getattr(settings, name)
        for name in (
            "weekday", "timezone", "cadence_weeks", "session_minutes", "language",
            "poll_candidates", "anonymous_polls", "announce_before_minutes",
            "remind_before_minutes", "checkin_grace_minutes", "post_announcement",
            "post_reminder", "post_start", "post_vote", "paused", "vote_nudge",
            "presenter_rotation", "native_poll",
        )
    }  # fmt: skip
    values.update(
        platform=Platform.DISCORD.value if n % 2 else Platform.SLACK.value,
        workspace_id=f"bench-ws-{n // 100}",
        channel_id=f"bench-ch-{n:06d}",
        name=f"Bench club {n}",
        local_time=settings.local_time.strftime("%H:%M"),
        voting_method=settings.voting_method,
        created_at=created,
    )
    return values


def seed(url: str, count: int, now: datetime, weeks: int, changed_every: int) -> int:
    """Write `count` planned clubs; every `changed_every`-th is marked changed. Returns rows."""
    engine = make_sync_engine(url)
    written = 0
    try:
        for first in range(0, count, CHUNK):
            with engine.begin() as connection:
                numbers = range(first, min(count, first + CHUNK))
                written += _chunk(connection, numbers, now, weeks, changed_every)
    finally:
        engine.dispose()
    return written


def _chunk(
    connection: Connection, numbers: range, now: datetime, weeks: int, changed_every: int
) -> int:
    created = now - timedelta(days=60)
    settings = {n: club_settings(n) for n in numbers}
    clubs = {n: _club_row(n, settings[n], created) for n in numbers}
    ids = (
        connection.execute(
            insert(ClubRow).returning(ClubRow.id, sort_by_parameter_order=True),
            list(clubs.values()),
        )
        .scalars()
        .all()
    )
    domain = {
        club_id: Club(club_id, ClubKey(Platform.CONSOLE, "w", str(n)), "", settings[n], created)
        for n, club_id in zip(numbers, ids, strict=True)
    }
    horizon = now + timedelta(weeks=weeks)
    session_rows = [
        {"club_id": club.id, "starts_at": at, "duration_minutes": club.settings.session_minutes,
         "status": SessionStatus.PLANNED.value}
        for club in domain.values()
        for at in occurrences(planning.rule_for(club), after=now - RECENT, until=horizon)
    ]  # fmt: skip
    if session_rows:
        connection.execute(insert(SessionRow), session_rows)
    sessions: dict[int, list[Session]] = {club_id: [] for club_id in domain}
    columns = (SessionRow.id, SessionRow.club_id, SessionRow.starts_at, SessionRow.duration_minutes)
    found = (
        select(*columns).where(SessionRow.club_id.in_(list(domain))).order_by(SessionRow.starts_at)
    )
    for session_id, club_id, starts_at, minutes in connection.execute(found):
        sessions[club_id].append(
            Session(session_id, club_id, starts_at, minutes, SessionStatus.PLANNED)
        )
    outbox = list(_posts(domain, sessions, now))
    if outbox:
        connection.execute(insert(OutboxRow), outbox)
    _watermarks(connection, domain, sessions, now, weeks, changed_every, ids[0])
    return len(domain) + len(session_rows) + len(outbox)


def _posts(
    clubs: dict[int, Club], sessions: dict[int, list[Session]], now: datetime
) -> Iterator[dict[str, Any]]:
    for club_id, club in clubs.items():
        for post in plan_posts(club, sessions[club_id], None):
            if post.expires_at <= now:
                continue
            sent = post.due_at <= now
            yield {
                "key": post.key, "club_id": club_id, "session_id": post.session_id,
                "kind": post.kind.value, "due_at": post.due_at,
                "status": (OutboxStatus.SENT if sent else OutboxStatus.PENDING).value,
                "attempts": int(sent), "sent_at": post.due_at if sent else None, "payload": {},
            }  # fmt: skip


def _watermarks(
    connection: Connection,
    clubs: dict[int, Club],
    sessions: dict[int, list[Session]],
    now: datetime,
    weeks: int,
    changed_every: int,
    first_id: int,
) -> None:
    """Store each club's next planning instant as the planner would; some are left changed."""
    rows = [
        {
            "cid": club_id,
            "due": None
            if (club_id - first_id) % changed_every == 0
            else next_plan_due(club, sessions[club_id], now, weeks),
        }
        for club_id, club in clubs.items()
    ]
    connection.execute(
        update(ClubRow).where(ClubRow.id == bindparam("cid")).values(plan_due_at=bindparam("due")),
        rows,
    )
