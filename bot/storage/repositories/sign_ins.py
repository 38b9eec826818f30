"""Management-page sign-ins: single-use links and the sessions they open, by digest only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.domain.sign_ins import ManageSession, Redeemed, SignInLink
from bot.storage.repositories.base import member_id, member_key
from bot.storage.tables import ManageLinkRow, ManageSessionRow, MemberRow


class SqlSignInRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.db = session

    async def add_link(self, token_digest: str, link: SignInLink) -> None:
        self.db.add(
            ManageLinkRow(
                digest=token_digest,
                club_id=link.club_id,
                member_id=await member_id(self.db, link.member, link.created_at, link.display_name),
                display_name=link.display_name,
                created_at=link.created_at,
                expires_at=link.expires_at,
            )
        )
        # Links nobody used are worth nothing once expired; they go as new ones are made.
        await self.db.execute(
            delete(ManageLinkRow).where(ManageLinkRow.expires_at < link.created_at)
        )
        await self.db.flush()

    async def redeem(
        self, token_digest: str, now: datetime, *, use: bool = True
    ) -> tuple[Redeemed, SignInLink | None]:
        found = (
            await self.db.execute(
                select(ManageLinkRow, MemberRow)
                .join(MemberRow, MemberRow.id == ManageLinkRow.member_id)
                .where(ManageLinkRow.digest == token_digest)
            )
        ).first()
        if found is None:
            return Redeemed.UNKNOWN, None
        row, member = found[0], found[1]
        link = SignInLink(
            row.club_id, member_key(member), row.display_name, row.created_at, row.expires_at
        )
        if row.used_at is not None:
            return Redeemed.USED, link
        if row.expires_at <= now:
            return Redeemed.EXPIRED, link
        if not use:
            return Redeemed.OK, link
        # Only one of two racing requests marks it used; the other is told it was used.
        marked = await self.db.execute(
            update(ManageLinkRow)
            .where(ManageLinkRow.id == row.id, ManageLinkRow.used_at.is_(None))
            .values(used_at=now)
            .returning(ManageLinkRow.id)
        )
        if marked.first() is None:
            return Redeemed.USED, link
        return Redeemed.OK, link

    async def open_session(self, token_digest: str, session: ManageSession) -> None:
        self.db.add(
            ManageSessionRow(
                digest=token_digest,
                club_id=session.club_id,
                member_id=await member_id(self.db, session.member, session.expires_at),
                display_name=session.display_name,
                expires_at=session.expires_at,
            )
        )
        await self.db.flush()

    async def session(self, token_digest: str, now: datetime) -> ManageSession | None:
        found = (
            await self.db.execute(
                select(ManageSessionRow, MemberRow)
                .join(MemberRow, MemberRow.id == ManageSessionRow.member_id)
                .where(ManageSessionRow.digest == token_digest, ManageSessionRow.expires_at > now)
            )
        ).first()
        if found is None:
            return None
        row, member = found[0], found[1]
        return ManageSession(
            row.club_id, member_key(member), row.display_name, row.expires_at, row.notice
        )

    async def set_notice(self, token_digest: str, notice: str | None) -> None:
        await self.db.execute(
            update(ManageSessionRow)
            .where(ManageSessionRow.digest == token_digest)
            .values(notice=notice)
        )

    async def close_session(self, token_digest: str) -> None:
        await self.db.execute(
            delete(ManageSessionRow).where(ManageSessionRow.digest == token_digest)
        )
