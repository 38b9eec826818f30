from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.domain.paper_match import title_key
from bot.core.domain.papers import Paper
from bot.storage.tables import PaperRow


def to_paper(row: PaperRow) -> Paper:
    return Paper(
        id=row.id,
        slug=row.slug,
        title=row.title,
        authors=tuple(row.authors or ()),
        year=row.year,
        url=row.url,
        arxiv_id=row.arxiv_id,
        doi=row.doi,
        tags=tuple(row.tags or ()),
        institute=row.institute,
        tagline=row.tagline,
        summary=row.summary or "",
        summaries=dict(row.summaries or {}),
        prompts=tuple(row.prompts or ()),
        abstract=row.abstract,
    )


class SqlPaperRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def upsert(self, paper: Paper, shipped_rank: int | None = None) -> Paper:
        conditions = [PaperRow.slug == paper.slug]
        if paper.arxiv_id:
            conditions.append(PaperRow.arxiv_id == paper.arxiv_id)
        row = (await self.session.scalars(select(PaperRow).where(or_(*conditions)))).first()
        if row is None:
            row = PaperRow(slug=paper.slug)
            self.session.add(row)
        row.title = paper.title
        row.title_key = title_key(paper.title)[:300]
        row.authors = list(paper.authors)
        row.year = paper.year
        row.url = paper.url
        row.arxiv_id = paper.arxiv_id
        row.doi = paper.doi
        row.tags = list(paper.tags)
        row.institute = paper.institute
        row.tagline = paper.tagline
        row.summary = paper.summary
        row.summaries = dict(paper.summaries)
        row.prompts = list(paper.prompts)
        row.abstract = paper.abstract
        if shipped_rank is not None:
            row.shipped_rank = shipped_rank
        await self.session.flush()
        return to_paper(row)

    async def get(self, paper_id: int) -> Paper | None:
        row = await self.session.get(PaperRow, paper_id)
        return to_paper(row) if row else None

    async def get_many(self, paper_ids: Sequence[int]) -> dict[int, Paper]:
        if not paper_ids:
            return {}
        rows = await self.session.scalars(select(PaperRow).where(PaperRow.id.in_(paper_ids)))
        return {row.id: to_paper(row) for row in rows}

    async def find_by_arxiv(self, arxiv_id: str) -> Paper | None:
        row = await self.session.scalar(select(PaperRow).where(PaperRow.arxiv_id == arxiv_id))
        return to_paper(row) if row else None

    async def find_by_doi(self, doi: str) -> Paper | None:
        row = (
            await self.session.scalars(
                select(PaperRow)
                .where(func.lower(PaperRow.doi) == doi.lower())
                .order_by(PaperRow.id)
            )
        ).first()
        return to_paper(row) if row else None

    async def all(self) -> list[Paper]:
        rows = await self.session.scalars(select(PaperRow).order_by(PaperRow.id))
        return [to_paper(row) for row in rows]

    async def shipped(self) -> list[Paper]:
        rows = await self.session.scalars(
            select(PaperRow)
            .where(PaperRow.shipped_rank.is_not(None))
            .order_by(PaperRow.shipped_rank)
        )
        return [to_paper(row) for row in rows]
