"""Papers and a club's reading queue."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.core.domain.ids import MemberKey


class SummarySource(StrEnum):
    """Where a summary and its prompts came from; the card tells members which it is."""

    CURATED = "curated"  # written by a person (the shipped list, a curated import)
    PAPER_TEXT = "paper_text"  # built offline from the paper's full text
    ABSTRACT = "abstract"  # only the abstract could be had: a summary, no made-up prompts
    LLM = "llm"  # written by the club's configured language model, and checked
    EDITED = "edited"  # a club admin's correction


@dataclass(frozen=True, slots=True)
class PaperContent:
    """A summary and discussion prompts, and what they were made from."""

    summary: str
    prompts: tuple[str, ...]
    source: SummarySource
    language: str = "en"  # the language the summary and prompts are written in
    source_language: str | None = None  # the language of the text they were made from


@dataclass(frozen=True, slots=True)
class ClubPaperContent:
    """A club's own summary and prompts for a paper, shown instead of the shared ones."""

    club_id: int
    paper_id: int
    content: PaperContent
    updated_at: datetime
    edited_by: str | None = None  # the admin's display name, for an edit


@dataclass(frozen=True, slots=True)
class Paper:
    id: int
    slug: str
    title: str
    authors: tuple[str, ...]
    year: int | None
    url: str
    arxiv_id: str | None = None
    doi: str | None = None
    tags: tuple[str, ...] = ()
    institute: str | None = None
    tagline: str | None = None
    summary: str = ""
    summaries: Mapping[str, str] = field(default_factory=dict)
    prompts: tuple[str, ...] = ()
    abstract: str | None = None
    authors_cut: bool = False  # `authors` names only some of them
    summary_source: SummarySource | None = None  # None: stored before sources were recorded
    summary_language: str = "en"

    def summary_for(self, language: str) -> str:
        """The summary in the club's language where one exists, else English."""
        return self.summaries.get(language) or self.summary

    def authors_short(self, limit: int = 3) -> str:
        if not self.authors:
            return "unknown authors"
        if len(self.authors) <= limit and not self.authors_cut:
            return ", ".join(self.authors)
        return ", ".join(self.authors[:limit]) + " et al."


class QueueState(StrEnum):
    QUEUED = "queued"  # waiting its turn in reading order
    SUGGESTED = "suggested"  # a member's suggestion, waiting for a vote
    SCHEDULED = "scheduled"  # fixed to a session
    READ = "read"  # the club has met about it
    REJECTED = "rejected"  # a member's suggestion an admin turned down (the reason in `note`)


@dataclass(frozen=True, slots=True)
class QueueEntry:
    club_id: int
    paper: Paper
    position: int
    state: QueueState
    added_at: datetime
    suggested_by: MemberKey | None = None
    note: str | None = None  # why an admin turned the suggestion down
