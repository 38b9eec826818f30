"""Helpers shared by the SQL repositories."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.domain.ids import MemberKey, Platform
from bot.storage.tables import Base, MemberRow


def insert_for(session: AsyncSession, model: type[Base]) -> Any:
    """The dialect's INSERT, which has `on_conflict_do_nothing/update` on both backends."""
    name = session.get_bind().dialect.name
    insert: Any = postgresql.insert if name == "postgresql" else sqlite.insert
    return insert(model)


async def member_id(
    session: AsyncSession, key: MemberKey, now: datetime, display_name: str | None = None
) -> int:
    """The member's row id, creating the row on first sight."""
    found = await session.scalar(
        select(MemberRow.id).where(
            MemberRow.platform == key.platform.value,
            MemberRow.workspace_id == key.workspace_id,
            MemberRow.user_id == key.user_id,
        )
    )
    if found is not None:
        return found
    statement = (
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
    await session.execute(statement)
    created = await session.scalar(
        select(MemberRow.id).where(
            MemberRow.platform == key.platform.value,
            MemberRow.workspace_id == key.workspace_id,
            MemberRow.user_id == key.user_id,
        )
    )
    assert created is not None
    return created


def member_key(row: MemberRow) -> MemberKey:
    return MemberKey(Platform(row.platform), row.workspace_id, row.user_id)
