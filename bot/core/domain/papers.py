"""Papers and a club's reading queue."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.core.domain.ids import MemberKey


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

    def summary_for(self, language: str) -> str:
        """The summary in the club's language where one exists, else English."""
        return self.summaries.get(language) or self.summary

    def authors_short(self, limit: int = 3) -> str:
        if not self.authors:
            return "unknown authors"
        if len(self.authors) <= limit:
            return ", ".join(self.authors)
        return ", ".join(self.authors[:limit]) + " et al."


class QueueState(StrEnum):
    QUEUED = "queued"  # waiting its turn in reading order
    SUGGESTED = "suggested"  # a member's suggestion, waiting for a vote
    SCHEDULED = "scheduled"  # fixed to a session
    READ = "read"  # the club has met about it


@dataclass(frozen=True, slots=True)
class QueueEntry:
    club_id: int
    paper: Paper
    position: int
    state: QueueState
    added_at: datetime
    suggested_by: MemberKey | None = None
