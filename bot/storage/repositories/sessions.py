from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, Table, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session as OrmSession

from bot.core.domain.ids import MemberKey, Platform
from bot.core.domain.sessions import LONGEST_SESSION, NewSession, Session, SessionStatus
from bot.storage.repositories.base import insert_for, mark_changed, member_id, member_key
from bot.storage.tables import MemberRow, SessionRow


def _to_session(row: SessionRow, presenter: MemberRow | None) -> Session:
    return Session(
        id=row.id,
        club_id=row.club_id,
        starts_at=row.starts_at,
        duration_minutes=row.duration_minutes,
        status=SessionStatus(row.status),
        paper_id=row.paper_id,
        presenter=member_key(presenter) if presenter is not None else None,
        presenter_name=row.presenter_name,
    )


# The columns `update` writes.
_WRITTEN = (
    "starts_at", "duration_minutes", "status", "paper_id", "presenter_id", "presenter_name",
)  # fmt: skip
# How far back `unsettled` looks for sessions never closed, as the planner always has.
_SETTLE_BACK = timedelta(days=3650)
# The columns of a session and of its presenter, read as plain rows (see `_from_columns`).
_COLUMNS = (
    SessionRow.id,
    SessionRow.club_id,
    SessionRow.starts_at,
    SessionRow.duration_minutes,
    SessionRow.status,
    SessionRow.paper_id,
    SessionRow.presenter_name,
    MemberRow.platform,
    MemberRow.workspace_id,
    MemberRow.user_id,
)


def _from_columns(row: Sequence[Any]) -> Session:
    """A session from `_COLUMNS`: the planner reads thousands at start-up, and plain rows cost
    a fraction of what mapped objects do to build."""
    (id_, club_id, starts_at, minutes, status, paper_id, name, platform, workspace, user) = row
    presenter = MemberKey(Platform(platform), workspace, user) if user is not None else None
    return Session(
        id_, club_id, starts_at, minutes, SessionStatus(status), paper_id, presenter, name
    )


class SqlSessionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _select(self) -> Select[SessionRow, MemberRow]:
        return select(SessionRow, MemberRow).outerjoin(
            MemberRow, MemberRow.id == SessionRow.presenter_id
        )

    async def between(
        self, club_id: int, start: datetime, end: datetime | None = None, limit: int | None = None
    ) -> list[Session]:
        query = (
            self._select()
            .where(SessionRow.club_id == club_id, SessionRow.starts_at > start - LONGEST_SESSION)
            .order_by(SessionRow.starts_at)
        )
        if end is not None:
            query = query.where(SessionRow.starts_at < end)
        rows = await self.session.execute(query)
        found = [s for s in (_to_session(row, member) for row, member in rows) if s.ends_at > start]
        return found if limit is None else found[:limit]

    async def _by_club(self, *conditions: ColumnElement[bool]) -> dict[int, list[Session]]:
        await self.session.flush()  # the connection does not autoflush as the session does
        connection = await self.session.connection()  # plain rows: see `_from_columns`
        rows = await connection.execute(
            select(*_COLUMNS)
            .outerjoin(MemberRow, MemberRow.id == SessionRow.presenter_id)
            .where(*conditions)
            .order_by(SessionRow.club_id, SessionRow.starts_at)
        )
        found: dict[int, list[Session]] = {}
        for row in rows:
            session = _from_columns(row)
            found.setdefault(session.club_id, []).append(session)
        return found

    async def starting_after(
        self, club_ids: Collection[int], after: datetime
    ) -> dict[int, list[Session]]:
        if not club_ids:
            return {}
        return await self._by_club(
            SessionRow.club_id.in_(list(club_ids)), SessionRow.starts_at > after
        )

    async def unsettled(self, club_ids: Collection[int], now: datetime) -> dict[int, list[Session]]:
        if not club_ids:
            return {}
        back = now - _SETTLE_BACK
        found = await self._by_club(
            SessionRow.club_id.in_(list(club_ids)),
            SessionRow.status == SessionStatus.PLANNED.value,
            SessionRow.starts_at > back - LONGEST_SESSION,
            SessionRow.starts_at < now,
        )
        ended = {
            club_id: [s for s in sessions if back < s.ends_at <= now]
            for club_id, sessions in found.items()
        }
        return {club_id: sessions for club_id, sessions in ended.items() if sessions}

    async def last(self, club_id: int) -> Session | None:
        rows = await self.session.execute(
            self._select()
            .where(SessionRow.club_id == club_id)
            .order_by(SessionRow.starts_at.desc())
            .limit(1)
        )
        for row, member in rows:
            return _to_session(row, member)
        return None

    async def get(self, session_id: int) -> Session | None:
        rows = await self.session.execute(self._select().where(SessionRow.id == session_id))
        for row, member in rows:
            return _to_session(row, member)
        return None

    async def add_many(self, sessions: Sequence[NewSession]) -> list[Session]:
        if not sessions:
            return []
        # Two processes may plan the same club at once; the unique (club, start) key makes the
        # second insert a no-op instead of a duplicate session.
        statement = (
            insert_for(self.session, SessionRow)
            .values(
                [
                    {
                        "club_id": s.club_id,
                        "starts_at": s.starts_at,
                        "duration_minutes": s.duration_minutes,
                        "status": SessionStatus.PLANNED.value,
                    }
                    for s in sessions
                ]
            )
            .on_conflict_do_nothing()
        )
        await self.session.execute(statement)
        club_ids = {s.club_id for s in sessions}
        mark_changed(self.session, *club_ids)
        starts = [s.starts_at for s in sessions]
        rows = await self.session.execute(
            self._select()
            .where(SessionRow.club_id.in_(club_ids), SessionRow.starts_at.in_(starts))
            .order_by(SessionRow.starts_at)
        )
        return [_to_session(row, member) for row, member in rows]

    async def _columns(self, session: Session) -> dict[str, Any]:
        presenter_id = (
            await member_id(self.session, session.presenter, session.starts_at)
            if session.presenter
            else None
        )
        return {
            "starts_at": session.starts_at,
            "duration_minutes": session.duration_minutes,
            "status": session.status.value,
            "paper_id": session.paper_id,
            "presenter_id": presenter_id,
            "presenter_name": session.presenter_name,
        }

    async def update(self, session: Session) -> None:
        # One UPDATE, not a load of the row and then its UPDATE: a round trip less.
        written = await self.session.execute(
            update(SessionRow)
            .where(SessionRow.id == session.id)
            .values(**await self._columns(session))
            .returning(SessionRow.id)
        )
        if written.first() is None:
            raise LookupError(f"session {session.id} vanished")
        mark_changed(self.session, session.club_id)

    async def update_many(self, sessions: Sequence[Session]) -> None:
        if not sessions:
            return
        await self.session.flush()  # the connection does not autoflush as the session does
        table = cast(Table, SessionRow.__table__)
        # One executemany (on PostgreSQL psycopg pipelines it): the planner settles every
        # session that ended while the bot was down, 285 of them in the 100,000-club start-up.
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values({name: bindparam(f"b_{name}", type_=table.c[name].type) for name in _WRITTEN})
        )
        rows = []
        for session in sorted(sessions, key=lambda s: s.id):  # a fixed lock order
            values = await self._columns(session)
            rows.append({"b_id": session.id, **{f"b_{k}": v for k, v in values.items()}})
        connection = await self.session.connection()
        await connection.execute(statement, rows)
        for session in sessions:  # a row this unit of work loaded earlier is read again
            loaded = self.session.identity_map.get(OrmSession.identity_key(SessionRow, session.id))
            if loaded is not None:
                self.session.expire(loaded)
        mark_changed(self.session, *{s.club_id for s in sessions})

    async def delete_planned_after(self, club_id: int, after: datetime) -> int:
        result = await self.session.execute(
            delete(SessionRow).where(
                SessionRow.club_id == club_id,
                SessionRow.starts_at > after,
                SessionRow.status == SessionStatus.PLANNED.value,
                SessionRow.paper_id.is_(None),
            )
        )
        deleted = int(result.rowcount or 0)  # type: ignore[attr-defined]
        if deleted:
            mark_changed(self.session, club_id)
        return deleted
