from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.domain.ids import MemberKey
from bot.storage.repositories.base import member_id, member_key
from bot.storage.tables import MemberRow


class SqlMemberRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def ensure(self, member: MemberKey, display_name: str, now: datetime) -> None:
        row_id = await member_id(self.session, member, now, display_name)
        await self.session.execute(
            update(MemberRow)
            .where(MemberRow.id == row_id, MemberRow.display_name != display_name)
            .values(display_name=display_name)
        )

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
