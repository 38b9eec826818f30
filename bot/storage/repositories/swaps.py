"""Presenters' swap requests."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.core.domain.swaps import NewSwapRequest, SwapRequest, SwapStatus
from bot.storage.repositories.base import member_id, member_key
from bot.storage.tables import MemberRow, PresenterSwapRow

_Requester = aliased(MemberRow)
_Target = aliased(MemberRow)


class SqlSwapRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, request: NewSwapRequest) -> SwapRequest:
        row = PresenterSwapRow(
            club_id=request.club_id,
            requester_id=await member_id(self.session, request.requester, request.created_at),
            requester_session_id=request.requester_session_id,
            target_id=await member_id(self.session, request.target, request.created_at),
            target_session_id=request.target_session_id,
            created_at=request.created_at,
            expires_at=request.expires_at,
            status=SwapStatus.PENDING.value,
        )
        self.session.add(row)
        await self.session.flush()
        found = await self.get(row.id)
        assert found is not None
        return found

    async def get(self, request_id: int) -> SwapRequest | None:
        found = await self._select(PresenterSwapRow.id == request_id)
        return found[0] if found else None

    async def pending(self, club_id: int) -> list[SwapRequest]:
        return await self._select(
            PresenterSwapRow.club_id == club_id,
            PresenterSwapRow.status == SwapStatus.PENDING.value,
        )

    async def settle(self, request_id: int, status: SwapStatus) -> bool:
        result = await self.session.execute(
            update(PresenterSwapRow)
            .where(
                PresenterSwapRow.id == request_id,
                PresenterSwapRow.status == SwapStatus.PENDING.value,
            )
            .values(status=status.value)
            .returning(PresenterSwapRow.id)
        )
        return result.first() is not None

    async def _select(self, *where: object) -> list[SwapRequest]:
        rows = await self.session.execute(
            select(PresenterSwapRow, _Requester, _Target)
            .join(_Requester, _Requester.id == PresenterSwapRow.requester_id)
            .join(_Target, _Target.id == PresenterSwapRow.target_id)
            .where(*where)  # type: ignore[arg-type]
            .order_by(PresenterSwapRow.created_at, PresenterSwapRow.id)
        )
        return [
            SwapRequest(
                id=row.id,
                club_id=row.club_id,
                requester=member_key(requester),
                requester_session_id=row.requester_session_id,
                target=member_key(target),
                target_session_id=row.target_session_id,
                created_at=row.created_at,
                expires_at=row.expires_at,
                status=SwapStatus(row.status),
            )
            for row, requester, target in rows
        ]
