from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.domain.ids import MemberKey
from bot.core.domain.papers import QueueEntry, QueueState
from bot.storage.repositories.base import member_id, member_key
from bot.storage.repositories.papers import to_paper
from bot.storage.tables import MemberRow, PaperRow, QueueRow


def _to_entry(entry: QueueRow, paper: PaperRow, member: MemberRow | None) -> QueueEntry:
    return QueueEntry(
        club_id=entry.club_id,
        paper=to_paper(paper),
        position=entry.position,
        state=QueueState(entry.state),
        added_at=entry.added_at,
        suggested_by=member_key(member) if member is not None else None,
        note=entry.note,
    )


class SqlQueueRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _select(self) -> Select[QueueRow, PaperRow, MemberRow]:
        return (
            select(QueueRow, PaperRow, MemberRow)
            .join(PaperRow, PaperRow.id == QueueRow.paper_id)
            .outerjoin(MemberRow, MemberRow.id == QueueRow.suggested_by)
        )

    async def entries(
        self, club_id: int, states: Sequence[QueueState] | None = None
    ) -> list[QueueEntry]:
        query = (
            self._select()
            .where(QueueRow.club_id == club_id)
            .order_by(QueueRow.position, QueueRow.id)
        )
        if states is not None:
            query = query.where(QueueRow.state.in_([s.value for s in states]))
        rows = await self.session.execute(query)
        return [_to_entry(entry, paper, member) for entry, paper, member in rows]

    async def entries_for_clubs(self, club_ids: Collection[int]) -> dict[int, list[QueueEntry]]:
        if not club_ids:
            return {}
        rows = await self.session.execute(
            self._select()
            .where(QueueRow.club_id.in_(list(club_ids)))
            .order_by(QueueRow.club_id, QueueRow.position, QueueRow.id)
        )
        found: dict[int, list[QueueEntry]] = {}
        for entry, paper, member in rows:
            found.setdefault(entry.club_id, []).append(_to_entry(entry, paper, member))
        return found

    async def _next_position(self, club_id: int) -> int:
        last = await self.session.scalar(
            select(func.max(QueueRow.position)).where(QueueRow.club_id == club_id)
        )
        return (last or 0) + 1

    async def append(
        self,
        club_id: int,
        paper_id: int,
        state: QueueState,
        now: datetime,
        suggested_by: MemberKey | None = None,
    ) -> QueueEntry:
        suggester = await member_id(self.session, suggested_by, now) if suggested_by else None
        row = QueueRow(
            club_id=club_id,
            paper_id=paper_id,
            position=await self._next_position(club_id),
            state=state.value,
            suggested_by=suggester,
            added_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        paper = await self.session.get(PaperRow, paper_id)
        assert paper is not None
        return QueueEntry(club_id, to_paper(paper), row.position, state, now, suggested_by)

    async def append_many(self, club_id: int, paper_ids: Sequence[int], now: datetime) -> int:
        present = set(
            await self.session.scalars(select(QueueRow.paper_id).where(QueueRow.club_id == club_id))
        )
        position = await self._next_position(club_id)
        added = 0
        for paper_id in paper_ids:
            if paper_id in present:
                continue
            present.add(paper_id)
            self.session.add(
                QueueRow(
                    club_id=club_id,
                    paper_id=paper_id,
                    position=position + added,
                    state=QueueState.QUEUED.value,
                    added_at=now,
                )
            )
            added += 1
        await self.session.flush()
        return added

    async def set_state(
        self, club_id: int, paper_id: int, state: QueueState, *, note: str | None = None
    ) -> None:
        await self.session.execute(
            update(QueueRow)
            .where(QueueRow.club_id == club_id, QueueRow.paper_id == paper_id)
            .values(state=state.value, note=note)
        )

    async def remove(self, club_id: int, paper_id: int) -> bool:
        result = await self.session.execute(
            delete(QueueRow)
            .where(QueueRow.club_id == club_id, QueueRow.paper_id == paper_id)
            .returning(QueueRow.id)
        )
        return result.first() is not None

    async def reorder(self, club_id: int, paper_ids: Sequence[int]) -> None:
        if not paper_ids:
            return
        rows = await self.session.execute(
            select(QueueRow.paper_id, QueueRow.position).where(
                QueueRow.club_id == club_id, QueueRow.paper_id.in_(paper_ids)
            )
        )
        held = {paper_id: position for paper_id, position in rows}
        for paper_id, position in zip(
            [p for p in paper_ids if p in held], sorted(held.values()), strict=True
        ):
            if held[paper_id] != position:
                await self.session.execute(
                    update(QueueRow)
                    .where(QueueRow.club_id == club_id, QueueRow.paper_id == paper_id)
                    .values(position=position)
                )
