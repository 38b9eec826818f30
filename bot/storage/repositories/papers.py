from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.domain.paper_match import title_key
from bot.core.domain.papers import ClubPaperContent, Paper, PaperContent, SummarySource
from bot.storage.tables import ClubPaperContentRow, PaperRow


def _source(value: str | None) -> SummarySource | None:
    try:
        return SummarySource(value) if value else None
    except ValueError:
        return None  # a value from a newer version: claim nothing rather than fail


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
        authors_cut=bool(row.authors_cut),
        summary_source=_source(row.summary_source),
        summary_language=row.summary_language or "en",
    )


def to_club_content(row: ClubPaperContentRow) -> ClubPaperContent:
    return ClubPaperContent(
        club_id=row.club_id,
        paper_id=row.paper_id,
        content=PaperContent(
            summary=row.summary or "",
            prompts=tuple(row.prompts or ()),
            source=_source(row.source) or SummarySource.EDITED,
            language=row.language or "en",
            source_language=row.source_language,
        ),
        updated_at=row.updated_at,
        edited_by=row.edited_by,
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
        row.authors_cut = paper.authors_cut
        row.summary_source = paper.summary_source.value if paper.summary_source else None
        row.summary_language = paper.summary_language
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

    async def club_content(
        self, club_id: int, paper_ids: Sequence[int]
    ) -> dict[int, ClubPaperContent]:
        if not paper_ids:
            return {}
        rows = await self.session.scalars(
            select(ClubPaperContentRow).where(
                ClubPaperContentRow.club_id == club_id,
                ClubPaperContentRow.paper_id.in_(paper_ids),
            )
        )
        return {row.paper_id: to_club_content(row) for row in rows}

    async def set_club_content(self, content: ClubPaperContent) -> None:
        row = await self.session.scalar(
            select(ClubPaperContentRow).where(
                ClubPaperContentRow.club_id == content.club_id,
                ClubPaperContentRow.paper_id == content.paper_id,
            )
        )
        if row is None:
            row = ClubPaperContentRow(club_id=content.club_id, paper_id=content.paper_id)
            self.session.add(row)
        row.summary = content.content.summary
        row.prompts = list(content.content.prompts)
        row.source = content.content.source.value
        row.language = content.content.language
        row.source_language = content.content.source_language
        row.edited_by = content.edited_by
        row.updated_at = content.updated_at
        await self.session.flush()

    async def clear_club_content(self, club_id: int, paper_id: int) -> bool:
        result = await self.session.execute(
            delete(ClubPaperContentRow).where(
                ClubPaperContentRow.club_id == club_id, ClubPaperContentRow.paper_id == paper_id
            )
        )
        return bool(getattr(result, "rowcount", 0))
