"""Storage of papers (with a club's own content for them) and of each club's reading queue."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol

from bot.core.domain.ids import MemberKey
from bot.core.domain.papers import ClubPaperContent, Paper, QueueEntry, QueueState


class PaperRepository(Protocol):
    async def upsert(self, paper: Paper, shipped_rank: int | None = None) -> Paper:
        """Store a paper, matching an existing one by slug or arXiv id. `paper.id` is ignored.

        `shipped_rank` places it in the shipped reading list that new clubs start from.
        """

    async def shipped(self) -> list[Paper]:
        """The shipped reading list, in reading order."""

    async def get(self, paper_id: int) -> Paper | None: ...
    async def get_many(self, paper_ids: Sequence[int]) -> dict[int, Paper]: ...
    async def all(self) -> list[Paper]: ...
    async def find_by_arxiv(self, arxiv_id: str) -> Paper | None: ...
    async def find_by_doi(self, doi: str) -> Paper | None:
        """DOIs compare case-insensitively, as the DOI system does."""

    async def club_content(
        self, club_id: int, paper_ids: Sequence[int]
    ) -> dict[int, ClubPaperContent]:
        """The club's own summary and prompts (edits, regenerations) for those papers."""

    async def set_club_content(self, content: ClubPaperContent) -> None:
        """Store the club's own summary and prompts for a paper, replacing any earlier ones."""

    async def clear_club_content(self, club_id: int, paper_id: int) -> bool:
        """Forget the club's own version, so the shared one shows again; False if none."""


class QueueRepository(Protocol):
    async def entries(
        self, club_id: int, states: Sequence[QueueState] | None = None
    ) -> list[QueueEntry]:
        """The club's papers in reading order (position), optionally only some states."""

    async def entries_for_clubs(self, club_ids: Collection[int]) -> dict[int, list[QueueEntry]]:
        """`entries` of several clubs in one read; a club with no papers is left out."""

    async def append(
        self,
        club_id: int,
        paper_id: int,
        state: QueueState,
        now: datetime,
        suggested_by: MemberKey | None = None,
    ) -> QueueEntry: ...

    async def append_many(self, club_id: int, paper_ids: Sequence[int], now: datetime) -> int:
        """Queue papers not already in the club's list, after the last one; returns how many."""

    async def set_state(
        self, club_id: int, paper_id: int, state: QueueState, *, note: str | None = None
    ) -> None:
        """Change the entry's state; `note` says why (a rejection's reason), None clears it."""

    async def remove(self, club_id: int, paper_id: int) -> bool:
        """Take the paper out of the club's list; False if it was not in it."""

    async def reorder(self, club_id: int, paper_ids: Sequence[int]) -> None:
        """Put these entries in this order, on the positions they hold between them (the other
        entries keep theirs)."""
