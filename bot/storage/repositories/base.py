"""Helpers shared by the SQL repositories."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.domain.ids import MemberKey, Platform
from bot.storage.tables import Base, MemberRow
from bot.storage.upsert import upsert


def insert_for(session: AsyncSession, model: type[Base]) -> Any:
    """The session's dialect's INSERT, with `on_conflict_do_nothing/update` (see upsert)."""
    return upsert(session.get_bind().dialect, model)


# Writes that change what a club's plan should be (sessions, polls, settings, the presenter pool)
# name the club here; the unit of work clears those clubs' planner watermarks when it commits.
CHANGED_CLUBS = "paperclub.changed_clubs"


def mark_changed(session: AsyncSession, *club_ids: int) -> None:
    changed: set[int] = session.info.setdefault(CHANGED_CLUBS, set())
    changed.update(club_ids)


# Member row ids never change, so a unit of work remembers the ones it has seen: a command that
# writes a member and then a ballot, an RSVP or a check-in looks the member up once.
_MEMBER_IDS = "paperclub.member_ids"


def _known_ids(session: AsyncSession) -> dict[MemberKey, int]:
    found: dict[MemberKey, int] = session.info.setdefault(_MEMBER_IDS, {})
    return found


async def find_member_id(session: AsyncSession, key: MemberKey) -> int | None:
    """The member's row id, or None if we have never seen them."""
    found: int | None = await session.scalar(
        select(MemberRow.id).where(
            MemberRow.platform == key.platform.value,
            MemberRow.workspace_id == key.workspace_id,
            MemberRow.user_id == key.user_id,
        )
    )
    return found


async def member_id(
    session: AsyncSession, key: MemberKey, now: datetime, display_name: str | None = None
) -> int:
    """The member's row id, creating the row on first sight."""
    known = _known_ids(session)
    if key in known:
        return known[key]
    found = await find_member_id(session, key)
    if found is None:
        await session.execute(
            insert_for(session, MemberRow)
            .values(
                platform=key.platform.value,
                workspace_id=key.workspace_id,
                user_id=key.user_id,
                display_name=display_name or key.user_id,
                created_at=now,
            )
            .on_conflict_do_nothing()
        )
        found = await find_member_id(session, key)
    assert found is not None
    known[key] = found
    return found


async def upsert_member(
    session: AsyncSession, key: MemberKey, display_name: str, now: datetime
) -> int:
    """Create the member or refresh their display name, in one statement; returns the row id."""
    statement = insert_for(session, MemberRow).values(
        platform=key.platform.value,
        workspace_id=key.workspace_id,
        user_id=key.user_id,
        display_name=display_name,
        created_at=now,
    )
    statement = statement.on_conflict_do_update(
        index_elements=["platform", "workspace_id", "user_id"],
        set_={"display_name": statement.excluded.display_name},
    ).returning(MemberRow.id)
    row_id: int = (await session.execute(statement)).scalar_one()
    _known_ids(session)[key] = row_id
    return row_id


def member_key(row: MemberRow) -> MemberKey:
    return MemberKey(Platform(row.platform), row.workspace_id, row.user_id)
