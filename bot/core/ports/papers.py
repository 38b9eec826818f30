"""What the core asks of the services outside it about papers: looking one up by link or id,
writing its summary and prompts, and importing a reading list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.core.domain.ids import ClubKey
from bot.core.domain.papers import Paper, PaperContent
from bot.core.views import View


@dataclass(frozen=True, slots=True)
class PaperReference:
    """What a link or id names: an arXiv id (version-less) or a DOI."""

    arxiv_id: str | None = None
    doi: str | None = None

    def __str__(self) -> str:
        return f"arXiv:{self.arxiv_id}" if self.arxiv_id else f"doi:{self.doi}"


class PaperLookup(Protocol):
    """Paper metadata from arXiv or doi.org. Implemented outside the core (HTTP, cache, LLM)."""

    def identify(self, text: str) -> PaperReference | None:
        """The arXiv id or DOI `text` names (bare id, abs/pdf/versioned URL, doi.org link).

        None when `text` is not a link or id at all (a title); InvalidInput when it is a link
        this lookup cannot read. Pure: no network."""

    async def resolve(self, reference: str) -> Paper | None:
        """The paper `reference` names, unsaved (id 0), with summary and prompts filled in.

        None when `reference` is not a link or id (see `identify`). Raises NotFound when the
        service has no such paper, InvalidInput for an unreadable link, ServiceUnavailable
        when the service does not answer."""


class PaperWriter(Protocol):
    """Writes a paper's summary and discussion prompts. Implemented outside the core (it reads
    the paper's text over HTTP and may ask a language model)."""

    async def content_for(self, paper: Paper, language: str) -> PaperContent:
        """Fresh content for `paper`: in `language` when a language model is configured and its
        answer passes the checks, else grounded in the paper's text (English), else its
        abstract. Never raises for a paper it cannot read; the source says what it got."""


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What importing a reading list into a club did, for the member who asked."""

    applied: bool  # False: problems were found and nothing was changed
    headline: str
    queued: int = 0  # papers appended to the club's queue
    lines: tuple[str, ...] = ()  # the readable report, one line per entry


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """How far an import's lookups are: `done` of `total`, and about how long the rest take."""

    done: int
    total: int
    seconds_left: float | None = None


class ReadingListImporter(Protocol):
    """Parses a pasted or attached reading list and merges it into a club, in one transaction.

    Outside the core because parsing, fuzzy merging and id lookups need I/O libraries."""

    async def import_text(
        self,
        club: ClubKey,
        text: str,
        *,
        source: str,
        progress: Callable[[ImportProgress], None] | None = None,
    ) -> ImportOutcome:
        """`progress` is told as the lookups go (ids and titles looked up one after another)."""


class ProgressBoard(Protocol):
    """Where a slow command shows how far it is while the member waits: on Discord and Slack,
    one message the adapter edits as often as the platform allows (the last few views may be
    skipped), replaced by the command's answer when it ends."""

    def show(self, view: View, *, done: float, language: str) -> None:
        """The latest state, `done` from 0 to 1, in the club's `language`; never waits."""
