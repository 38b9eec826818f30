from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.domain.ids import MemberKey, Platform
from bot.storage.repositories.base import (
    find_member_id,
    insert_for,
    mark_changed,
    member_id,
    member_key,
    upsert_member,
)
from bot.storage.tables import MemberReminderRow, MemberRow, PresenterPoolRow


class SqlMemberRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def ensure(self, member: MemberKey, display_name: str, now: datetime) -> None:
        # One upsert instead of look-up, insert, look-up and rename: this runs on every vote.
        await upsert_member(self.session, member, display_name, now)

    async def reminder_lead(self, club_id: int, member: MemberKey) -> int | None:
        row_id = await find_member_id(self.session, member)
        if row_id is None:
            return None
        found: int | None = await self.session.scalar(
            select(MemberReminderRow.lead_minutes).where(
                MemberReminderRow.club_id == club_id, MemberReminderRow.member_id == row_id
            )
        )
        return found

    async def set_reminder(
        self, club_id: int, member: MemberKey, lead_minutes: int | None, now: datetime
    ) -> None:
        row_id = await member_id(self.session, member, now)
        if lead_minutes is None:
            await self.session.execute(
                delete(MemberReminderRow).where(
                    MemberReminderRow.club_id == club_id, MemberReminderRow.member_id == row_id
                )
            )
            return
        statement = insert_for(self.session, MemberReminderRow).values(
            club_id=club_id, member_id=row_id, lead_minutes=lead_minutes, updated_at=now
        )
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=["club_id", "member_id"],
                set_={
                    "lead_minutes": statement.excluded.lead_minutes,
                    "updated_at": statement.excluded.updated_at,
                },
            )
        )

    async def pool(self, club_id: int) -> list[MemberKey]:
        rows = await self.session.scalars(
            select(MemberRow)
            .join(PresenterPoolRow, PresenterPoolRow.member_id == MemberRow.id)
            .where(PresenterPoolRow.club_id == club_id)
            .order_by(PresenterPoolRow.joined_at, PresenterPoolRow.id)
        )
        return [member_key(row) for row in rows]

    async def join_pool(self, club_id: int, member: MemberKey, now: datetime) -> bool:
        row_id = await member_id(self.session, member, now)
        result = await self.session.execute(
            insert_for(self.session, PresenterPoolRow)
            .values(club_id=club_id, member_id=row_id, joined_at=now)
            .on_conflict_do_nothing()
            .returning(PresenterPoolRow.id)
        )
        joined = result.first() is not None
        if joined:
            mark_changed(self.session, club_id)
        return joined

    async def leave_pool(self, club_id: int, member: MemberKey) -> bool:
        row_id = await find_member_id(self.session, member)
        if row_id is None:
            return False
        result = await self.session.execute(
            delete(PresenterPoolRow)
            .where(PresenterPoolRow.club_id == club_id, PresenterPoolRow.member_id == row_id)
            .returning(PresenterPoolRow.id)
        )
        left = result.first() is not None
        if left:
            mark_changed(self.session, club_id)
        return left

    async def display_names(self, members: Sequence[MemberKey]) -> dict[MemberKey, str]:
        if not members:
            return {}
        conditions = [
            (MemberRow.platform == m.platform.value)
            & (MemberRow.workspace_id == m.workspace_id)
            & (MemberRow.user_id == m.user_id)
            for m in set(members)
        ]
        rows = await self.session.scalars(select(MemberRow).where(or_(*conditions)))
        return {member_key(row): row.display_name for row in rows}

    async def named(self, platform: Platform, workspace_id: str, name: str) -> list[MemberKey]:
        # SQLite's lower() folds ASCII only: "bob Ødegaard" finds "Bob Ødegaard" there, while
        # PostgreSQL folds the Ø too. Exact names always match.
        rows = await self.session.scalars(
            select(MemberRow)
            .where(
                MemberRow.platform == platform.value,
                MemberRow.workspace_id == workspace_id,
                or_(
                    func.lower(MemberRow.display_name) == func.lower(name),
                    MemberRow.user_id == name,
                ),
            )
            .order_by(MemberRow.id)
            .limit(5)
        )
        return [member_key(row) for row in rows]
