"""The shipped reading list (data/reading_list.yaml): loading it and syncing it into storage."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from bot.core.domain.papers import Paper, SummarySource
from bot.core.ports import UnitOfWork
from bot.readinglist.schema import PaperEntry, ReadingList


class ReadingListError(Exception):
    """The reading list file cannot be used; the message says where and why."""


def load_reading_list(path: Path) -> ReadingList:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReadingListError(f"{path}: no such file") from None
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ReadingListError(f"{path}: not a readable YAML file ({exc})") from None
    try:
        return ReadingList.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ReadingListError(f"{path}: {problems}") from None


def to_paper(entry: PaperEntry) -> Paper:
    return Paper(
        id=0,
        slug=entry.id,
        title=entry.title,
        authors=tuple(entry.authors),
        year=entry.year,
        url=entry.url,
        arxiv_id=entry.arxiv_id,
        doi=entry.doi,
        tags=tuple(entry.tags),
        institute=entry.institute,
        tagline=entry.tagline,
        summary=entry.summary,
        summaries=dict(entry.summaries),
        prompts=tuple(entry.prompts),
        abstract=entry.abstract,
        authors_cut=entry.authors_cut,
        # A list's own summary with no recorded source was written by a person.
        summary_source=entry.summary_source or (SummarySource.CURATED if entry.summary else None),
        summary_language=entry.summary_language,
    )


def to_entry(paper: Paper) -> PaperEntry:
    return PaperEntry(
        id=paper.slug,
        title=paper.title,
        authors=list(paper.authors),
        year=paper.year,
        arxiv_id=paper.arxiv_id,
        doi=paper.doi,
        url=paper.url,
        tags=list(paper.tags),
        institute=paper.institute,
        tagline=paper.tagline,
        summary=paper.summary,
        summaries=dict(paper.summaries),
        prompts=list(paper.prompts),
        abstract=paper.abstract,
        authors_cut=paper.authors_cut,
        summary_source=paper.summary_source,
        summary_language=paper.summary_language,
    )


async def sync_shipped(uow: UnitOfWork, reading_list: ReadingList) -> int:
    """Store every shipped paper with its reading-order rank; returns how many."""
    for rank, entry in enumerate(reading_list.papers, start=1):
        await uow.papers.upsert(to_paper(entry), shipped_rank=rank)
    await uow.commit()
    return len(reading_list.papers)
