"""Many clubs whose schedule is already planned, written in bulk (the planner would take minutes).

The rows are exactly what the planner keeps: sessions from the weekly rule up to the planning
horizon, and each session's posts (those already due count as sent). A fraction of the clubs is
left "changed" so that a start-up has real planning to do besides reading watermarks.

Fast enough for 100,000 clubs (4.15 million rows): club n's settings repeat every `SHAPES`
clubs, so each shape's sessions, posts and watermark are planned once, by the planner's own
functions, and every club of that shape gets a copy with its own ids and post keys. The ids are
given, not returned (a scratch database starts empty), so nothing is read back; the rows go in
through `bench.bulk` (SQLite's executemany, PostgreSQL's COPY, in SQLAlchemy's formats), a chunk
of clubs per transaction.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Table, event, text
from sqlalchemy.exc import DBAPIError

from bot.bench.bulk import fast_sqlite_load, write_rows
from bot.core.domain.clubs import Club, ClubSettings
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.outbox import OutboxStatus, PostKind, post_key
from bot.core.domain.sessions import Session, SessionStatus
from bot.core.planning import sessionplan as planning
from bot.core.planning.calendar import occurrences
from bot.core.planning.postplan import RECENT, plan_posts
from bot.core.planning.sessionplan import next_plan_due
from bot.storage.engine import is_sqlite, make_sync_engine
from bot.storage.tables import ClubRow, OutboxRow, SessionRow

ZONES = (
    "UTC", "Europe/Berlin", "America/New_York", "Asia/Seoul", "Asia/Kolkata", "Pacific/Auckland",
)  # fmt: skip
SHAPES = math.lcm(7, 12, 2, len(ZONES))  # club n repeats the settings of club n % SHAPES
CHUNK = 5000
_SETTINGS = (
    "weekday", "timezone", "cadence_weeks", "session_minutes", "language", "poll_candidates",
    "anonymous_polls", "announce_before_minutes", "remind_before_minutes",
    "checkin_grace_minutes", "post_announcement", "post_reminder", "post_start", "post_vote",
    "paused", "vote_nudge", "presenter_rotation", "native_poll",
)  # fmt: skip


def club_settings(n: int) -> ClubSettings:
    """Spread the clubs over weekdays, hours and zones so their work falls at different times."""
    return ClubSettings(
        weekday=n % 7, local_time=time(8 + n % 12, 30 * (n % 2)), timezone=ZONES[n % len(ZONES)]
    )


def settings_columns(settings: ClubSettings) -> dict[str, Any]:
    """The club row's columns that hold its settings."""
    values = {name: getattr(settings, name) for name in _SETTINGS}
    values.update(
        local_time=settings.local_time.strftime("%H:%M"), voting_method=settings.voting_method
    )
    return values


def club_row(n: int, settings: dict[str, Any], created: datetime) -> dict[str, Any]:
    """Club n's row (no id): its settings columns, platform, channel and name."""
    return {
        **settings,
        "platform": Platform.DISCORD.value if n % 2 else Platform.SLACK.value,
        "workspace_id": f"bench-ws-{n // 100}",
        "channel_id": f"bench-ch-{n:06d}",
        "name": f"Bench club {n}",
        "created_at": created,
    }


@dataclass(frozen=True, slots=True)
class _Shape:
    """One settings shape planned once: what every club of that shape gets a copy of."""

    club: dict[str, Any]  # the club row's settings columns
    sessions: tuple[tuple[datetime, int], ...]  # (starts_at, minutes)
    posts: tuple[
        tuple[int, PostKind, str, datetime, bool], ...
    ]  # (session, kind, its value, due, sent)
    plan_due_at: datetime


def _shape(n: int, now: datetime, weeks: int, created: datetime) -> _Shape:
    settings = club_settings(n)
    club = Club(0, ClubKey(Platform.CONSOLE, "w", str(n)), "", settings, created)
    starts = occurrences(
        planning.rule_for(club), after=now - RECENT, until=now + timedelta(weeks=weeks)
    )
    minutes = settings.session_minutes
    sessions = [Session(i, 0, at, minutes, SessionStatus.PLANNED) for i, at in enumerate(starts)]
    posts = tuple(
        (post.session_id, post.kind, post.kind.value, post.due_at, post.due_at <= now)
        for post in plan_posts(club, sessions, None)
        if post.expires_at > now and post.session_id is not None
    )
    return _Shape(
        settings_columns(settings),
        tuple((at, minutes) for at in starts),
        posts,
        next_plan_due(club, sessions, now, weeks),
    )


def seed(
    url: str, count: int, now: datetime, weeks: int, changed_every: int, *, settled: bool = True
) -> int:
    """Write `count` planned clubs; every `changed_every`-th is marked changed. Returns rows.

    `settled`: end with `settle` (PostgreSQL); a caller timing the writes alone settles after.
    """
    created = now - timedelta(days=60)
    shapes = [_shape(n, now, weeks, created) for n in range(min(count, SHAPES))]
    engine = make_sync_engine(url)
    if is_sqlite(url):
        event.listen(engine, "connect", fast_sqlite_load)  # after the bot's own pragmas
    written = 0
    next_session = 1
    try:
        for first in range(0, count, CHUNK):
            with engine.begin() as connection:
                numbers = range(first, min(count, first + CHUNK))
                rows = _Chunk(shapes, numbers, next_session, created, changed_every)
                written += rows.write(connection)
                next_session = rows.next_session
        if not is_sqlite(url):
            with engine.begin() as connection:
                _advance_sequences(connection)
    finally:
        engine.dispose()
    if settled:
        settle(url)
    return written


def settle(url: str) -> None:
    """Bring freshly COPYed tables to the state of a database that has been running a while.

    A live database's autovacuum keeps planner statistics as rows trickle in, has long since
    vacuumed them (hint bits set, pages all-visible) and its checkpoints have written them out.
    A bulk COPY of 4 million rows has none of that: with no statistics PostgreSQL planned the
    outbox's next-due join as a nested loop over 400,000 posts (the 15 s statement timeout);
    the first reads of each page after the load set its hint bits and dirty it again; and the
    checkpoint the load's WAL asked for is still writing while the start-up is timed (a full
    run right after the seed measured 5.5 s where an isolated rerun took 3.9 s). So the seed
    ends as a bulk load should, with VACUUM (ANALYZE), and a CHECKPOINT (superuser or
    pg_checkpoint; skipped without the right). Nothing on SQLite."""
    if is_sqlite(url):
        return
    names = ", ".join(t.name for t in (_table(ClubRow), _table(SessionRow), _table(OutboxRow)))
    engine = make_sync_engine(url, isolation_level="AUTOCOMMIT")  # VACUUM runs outside one
    try:
        with engine.connect() as connection:
            connection.execute(text(f"VACUUM (ANALYZE) {names}"))
            with contextlib.suppress(DBAPIError):
                connection.execute(text("CHECKPOINT"))
    finally:
        engine.dispose()


class _Chunk:
    """The rows of clubs `numbers`: club n has id n + 1; session ids continue the last chunk."""

    def __init__(
        self,
        shapes: list[_Shape],
        numbers: range,
        first_session: int,
        created: datetime,
        changed_every: int,
    ) -> None:
        self.clubs: list[dict[str, Any]] = []
        self.sessions: list[tuple[Any, ...]] = []
        self.posts: list[tuple[Any, ...]] = []
        session_id = first_session
        for n in numbers:
            shape, club_id = shapes[n % SHAPES], n + 1
            self.clubs.append(_club_row(n, shape, created, changed_every))
            ids = range(session_id, session_id + len(shape.sessions))
            session_id += len(shape.sessions)
            self.sessions.extend(_session_rows(club_id, ids, shape))
            self.posts.extend(_post_rows(club_id, ids, shape))
        self.next_session = session_id

    def write(self, connection: Connection) -> int:
        columns = list(self.clubs[0])
        clubs = [tuple(row[name] for name in columns) for row in self.clubs]
        written = write_rows(connection, _table(ClubRow), columns, clubs)
        written += write_rows(connection, _table(SessionRow), SESSION_COLUMNS, self.sessions)
        return written + write_rows(connection, _table(OutboxRow), POST_COLUMNS, self.posts)


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


def _club_row(n: int, shape: _Shape, created: datetime, changed_every: int) -> dict[str, Any]:
    row = club_row(n, shape.club, created)
    row.update(id=n + 1, plan_due_at=None if n % changed_every == 0 else shape.plan_due_at)
    return row


SESSION_COLUMNS = ("id", "club_id", "starts_at", "duration_minutes", "status")
POST_COLUMNS = (
    "key", "club_id", "session_id", "kind", "due_at", "status", "attempts", "sent_at", "payload",
)  # fmt: skip


def _session_rows(club_id: int, ids: range, shape: _Shape) -> Iterator[tuple[Any, ...]]:
    planned = SessionStatus.PLANNED.value
    for session_id, (starts_at, minutes) in zip(ids, shape.sessions, strict=True):
        yield session_id, club_id, starts_at, minutes, planned


def _post_rows(club_id: int, ids: range, shape: _Shape) -> Iterator[tuple[Any, ...]]:
    sent, pending = OutboxStatus.SENT.value, OutboxStatus.PENDING.value
    for index, kind, kind_value, due, was_sent in shape.posts:
        session_id = ids[index]
        yield (
            post_key(club_id, session_id, kind), club_id, session_id, kind_value, due,
            sent if was_sent else pending, int(was_sent), due if was_sent else None, {},
        )  # fmt: skip


def _advance_sequences(connection: Connection) -> None:
    """PostgreSQL's id sequences past the ids given here, so the planner's rows get new ones."""
    for table in ("clubs", "sessions"):
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        )
