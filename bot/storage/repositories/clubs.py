from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection, Sequence
from datetime import datetime, time
from typing import Any, cast

from sqlalchemy import Row, Table, bindparam, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.domain.clubs import Club, ClubSettings
from bot.core.domain.ids import ClubKey, Platform
from bot.core.domain.page_slugs import SlugTaken
from bot.core.domain.polls import Poll, PollStatus
from bot.core.ports import PlanTicket
from bot.storage.repositories.base import CHANGED_CLUBS, mark_changed
from bot.storage.repositories.polls import poll_from
from bot.storage.tables import ClubRow, PollRow

_SETTING_COLUMNS = (
    "weekday",
    "timezone",
    "cadence_weeks",
    "session_minutes",
    "language",
    "poll_candidates",
    "anonymous_polls",
    "announce_before_minutes",
    "remind_before_minutes",
    "checkin_grace_minutes",
    "post_announcement",
    "post_reminder",
    "post_start",
    "post_vote",
    "paused",
    "vote_nudge",
    "presenter_rotation",
    "native_poll",
    "voice_channel_id",
    "page_show_names",
    "member_language",
)


def to_club(row: ClubRow | Row[Any]) -> Club:
    """The club of an ORM row, or of a Core row of the clubs table's columns."""
    values = {name: getattr(row, name) for name in _SETTING_COLUMNS}
    settings = ClubSettings(
        local_time=time.fromisoformat(row.local_time),
        voting_method=row.voting_method,
        **values,
    )
    return Club(
        id=row.id,
        key=ClubKey(Platform(row.platform), row.workspace_id, row.channel_id),
        name=row.name,
        settings=settings,
        created_at=row.created_at,
        calendar_token=row.calendar_token,
        page_token=row.page_token,
        page_slug=row.page_slug,
    )


# What every ballot and every vote click reads first. Built once, bound by parameters, and read
# as Core columns rather than as two ORM entities: at 500 clicks a second most clicks run this
# read on their own, and building the statement and loading the entities was most of its CPU
# (a read, loaded machine, old and new alternated: SQLite 1.00 -> 0.53 ms, PostgreSQL 2.00 ->
# 1.18 ms of CPU).
_CLUBS = ClubRow.__table__
_POLLS = PollRow.__table__
_CLUB_WITH_OPEN_POLL = (
    select(_CLUBS, *(column.label(f"open_poll_{column.key}") for column in _POLLS.c))
    .select_from(
        _CLUBS.outerjoin(
            _POLLS,
            (_POLLS.c.club_id == _CLUBS.c.id) & (_POLLS.c.status == PollStatus.OPEN.value),
        )
    )
    .where(
        _CLUBS.c.platform == bindparam("platform"),
        _CLUBS.c.workspace_id == bindparam("workspace"),
        _CLUBS.c.channel_id == bindparam("channel"),
    )
    .order_by(_POLLS.c.id.desc())
    .limit(1)
)


def _open_poll(found: Row[Any]) -> Poll | None:
    """The open poll of a `_CLUB_WITH_OPEN_POLL` row, if there is one: its `open_poll_`
    columns (the clubs table has a `poll_candidates` of its own)."""
    if found.open_poll_id is None:
        return None
    return poll_from(lambda name: getattr(found, f"open_poll_{name}"))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _write_settings(row: ClubRow, settings: ClubSettings) -> None:
    for name in _SETTING_COLUMNS:
        setattr(row, name, getattr(settings, name))
    row.local_time = settings.local_time.strftime("%H:%M")
    row.voting_method = settings.voting_method


class SqlClubRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, key: ClubKey) -> Club | None:
        row = await self.session.scalar(
            select(ClubRow).where(
                ClubRow.platform == key.platform.value,
                ClubRow.workspace_id == key.workspace_id,
                ClubRow.channel_id == key.channel_id,
            )
        )
        return to_club(row) if row else None

    async def get_with_open_poll(self, key: ClubKey) -> tuple[Club, Poll | None] | None:
        found = (
            await self.session.execute(
                _CLUB_WITH_OPEN_POLL,
                {
                    "platform": key.platform.value,
                    "workspace": key.workspace_id,
                    "channel": key.channel_id,
                },
            )
        ).first()
        if found is None:
            return None
        return to_club(found), _open_poll(found)

    async def get_by_id(self, club_id: int) -> Club | None:
        row = await self.session.get(ClubRow, club_id)
        return to_club(row) if row else None

    async def by_ids(self, club_ids: Collection[int]) -> dict[int, Club]:
        if not club_ids:
            return {}
        rows = await self.session.scalars(select(ClubRow).where(ClubRow.id.in_(list(club_ids))))
        return {row.id: to_club(row) for row in rows}

    async def add(self, key: ClubKey, name: str, settings: ClubSettings, now: datetime) -> Club:
        row = ClubRow(
            platform=key.platform.value,
            workspace_id=key.workspace_id,
            channel_id=key.channel_id,
            name=name,
            created_at=now,
        )
        _write_settings(row, settings)
        self.session.add(row)
        await self.session.flush()
        return to_club(row)

    async def update(self, club: Club) -> None:
        row = await self.session.get(ClubRow, club.id)
        if row is None:
            raise LookupError(f"club {club.id} vanished")
        row.name = club.name
        row.calendar_token = club.calendar_token
        row.calendar_digest = token_digest(club.calendar_token) if club.calendar_token else None
        row.page_token = club.page_token
        row.page_digest = token_digest(club.page_token) if club.page_token else None
        row.page_slug = club.page_slug
        _write_settings(row, club.settings)
        try:
            await self.session.flush()
        except IntegrityError as exc:
            # The UNIQUE constraint is the one judge of a name, so two admins choosing the same
            # one at once get a clear answer each, not a race between a check and a write.
            if club.page_slug is not None and "page_slug" in str(exc.orig):
                raise SlugTaken(club.page_slug) from exc
            raise
        mark_changed(self.session, club.id)

    async def by_calendar_token(self, token: str) -> Club | None:
        row = await self.session.scalar(
            select(ClubRow).where(ClubRow.calendar_digest == token_digest(token))
        )
        # The digest found the row; the token itself is still compared, in constant time.
        if row is None or row.calendar_token is None:
            return None
        if not hmac.compare_digest(row.calendar_token.encode(), token.encode()):
            return None
        return to_club(row)

    async def by_page_token(self, token: str) -> Club | None:
        row = await self.session.scalar(
            select(ClubRow).where(ClubRow.page_digest == token_digest(token))
        )
        if row is None or row.page_token is None:
            return None
        if not hmac.compare_digest(row.page_token.encode(), token.encode()):
            return None
        return to_club(row)

    async def by_page_slug(self, slug: str) -> Club | None:
        row = await self.session.scalar(select(ClubRow).where(ClubRow.page_slug == slug))
        # A name is only ever set on a page that is on; checked again all the same.
        if row is None or row.page_token is None:
            return None
        return to_club(row)

    async def all(self) -> list[Club]:
        rows = await self.session.scalars(select(ClubRow).order_by(ClubRow.id))
        return [to_club(row) for row in rows]

    async def in_workspace(self, platform: Platform, workspace_id: str) -> list[Club]:
        # Served by the (platform, workspace_id, channel_id) unique index's prefix.
        rows = await self.session.scalars(
            select(ClubRow)
            .where(ClubRow.platform == platform.value, ClubRow.workspace_id == workspace_id)
            .order_by(ClubRow.id)
        )
        return [to_club(row) for row in rows]

    async def by_voice_channel(
        self, platform: Platform, workspace_id: str, voice_channel_id: str
    ) -> list[Club]:
        # Every voice-state change asks this, so it has its own index (schema 0008).
        rows = await self.session.scalars(
            select(ClubRow)
            .where(
                ClubRow.platform == platform.value,
                ClubRow.workspace_id == workspace_id,
                ClubRow.voice_channel_id == voice_channel_id,
            )
            .order_by(ClubRow.id)
        )
        return [to_club(row) for row in rows]

    async def due_for_planning(self, now: datetime) -> list[PlanTicket]:
        # Sorted here, not by ORDER BY id: that made SQLite walk the whole table in id order
        # rather than seek the watermark index twice, at every tick (100,000 wide rows).
        rows = await self.session.execute(
            select(ClubRow.id, ClubRow.plan_epoch).where(
                or_(ClubRow.plan_due_at.is_(None), ClubRow.plan_due_at <= now)
            )
        )
        return [PlanTicket(club_id, epoch) for club_id, epoch in sorted(rows, key=lambda r: r[0])]

    async def planned(self, ticket: PlanTicket, next_due: datetime) -> bool:
        # The planner's own writes in this transaction are taken into account by the plan it
        # just made; only a change committed by someone else since `ticket` keeps the club due.
        self.session.info.get(CHANGED_CLUBS, set()).discard(ticket.club_id)
        result = await self.session.execute(
            update(ClubRow)
            .where(ClubRow.id == ticket.club_id, ClubRow.plan_epoch == ticket.epoch)
            .values(plan_due_at=next_due)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def planned_many(self, planned: Sequence[tuple[PlanTicket, datetime]]) -> None:
        if not planned:
            return
        changed = self.session.info.get(CHANGED_CLUBS, set())
        changed.difference_update(ticket.club_id for ticket, _ in planned)
        table = cast(Table, ClubRow.__table__)
        # One executemany: each row's own watermark, each only if its epoch still matches.
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.plan_epoch == bindparam("b_epoch"))
            .values(plan_due_at=bindparam("b_due", type_=table.c.plan_due_at.type))
        )
        await self.session.execute(
            statement,
            [
                {"b_id": ticket.club_id, "b_epoch": ticket.epoch, "b_due": due}
                for ticket, due in sorted(planned, key=lambda pair: pair[0].club_id)
            ],
        )
