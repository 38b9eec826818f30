from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.domain.attendance import CheckIn, Rsvp, RsvpStatus
from bot.storage.repositories.base import insert_for, member_id, member_key
from bot.storage.tables import CheckInRow, MemberRow, RsvpRow


class SqlAttendanceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def put_rsvp(self, rsvp: Rsvp) -> None:
        who = await member_id(self.session, rsvp.member, rsvp.updated_at)
        statement = insert_for(self.session, RsvpRow).values(
            session_id=rsvp.session_id,
            member_id=who,
            status=rsvp.status.value,
            updated_at=rsvp.updated_at,
        )
        statement = statement.on_conflict_do_update(
            index_elements=["session_id", "member_id"],
            set_={"status": statement.excluded.status, "updated_at": statement.excluded.updated_at},
        )
        await self.session.execute(statement)

    async def rsvps(self, session_id: int) -> list[Rsvp]:
        return await self.rsvps_for([session_id])

    async def rsvps_for(self, session_ids: Sequence[int]) -> list[Rsvp]:
        if not session_ids:
            return []
        rows = await self.session.execute(
            select(RsvpRow, MemberRow)
            .join(MemberRow, MemberRow.id == RsvpRow.member_id)
            .where(RsvpRow.session_id.in_(session_ids))
            .order_by(RsvpRow.id)
        )
        return [
            Rsvp(row.session_id, member_key(member), RsvpStatus(row.status), row.updated_at)
            for row, member in rows
        ]

    async def check_in(self, check_in: CheckIn) -> bool:
        who = await member_id(self.session, check_in.member, check_in.checked_in_at)
        result = await self.session.execute(
            insert_for(self.session, CheckInRow)
            .values(
                session_id=check_in.session_id,
                member_id=who,
                checked_in_at=check_in.checked_in_at,
                source=check_in.source,
            )
            .on_conflict_do_nothing()
            .returning(CheckInRow.id)
        )
        # RETURNING, not rowcount: drivers disagree on rowcount for ON CONFLICT DO NOTHING.
        return result.first() is not None

    async def check_ins(self, session_id: int) -> list[CheckIn]:
        return await self.check_ins_for([session_id])

    async def check_ins_for(self, session_ids: Sequence[int]) -> list[CheckIn]:
        if not session_ids:
            return []
        rows = await self.session.execute(
            select(CheckInRow, MemberRow)
            .join(MemberRow, MemberRow.id == CheckInRow.member_id)
            .where(CheckInRow.session_id.in_(session_ids))
            .order_by(CheckInRow.checked_in_at)
        )
        return [
            CheckIn(row.session_id, member_key(member), row.checked_in_at, row.source)
            for row, member in rows
        ]

    async def check_in_counts(self, session_ids: Sequence[int]) -> dict[int, int]:
        if not session_ids:
            return {}
        rows = await self.session.execute(
            select(CheckInRow.session_id, func.count())
            .where(CheckInRow.session_id.in_(session_ids))
            .group_by(CheckInRow.session_id)
        )
        return {int(session_id): int(count) for session_id, count in rows}

    async def rsvp_counts(self, session_id: int) -> dict[RsvpStatus, int]:
        rows = await self.session.execute(
            select(RsvpRow.status, func.count())
            .where(RsvpRow.session_id == session_id)
            .group_by(RsvpRow.status)
        )
        return {RsvpStatus(status): int(count) for status, count in rows}
